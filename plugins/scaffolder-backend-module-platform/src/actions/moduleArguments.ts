import { InputError } from '@backstage/errors';
import type {
  PlatformInputWiring,
  TerraformModuleInterface,
  TerraformVariable,
} from '@platform-portal/plugin-platform-common';
import {
  hclLabel,
  hclValue,
  terraformConverts,
} from '@platform-portal/plugin-platform-engine';

/** One argument of a generated module call. */
export interface ModuleArgument {
  name: string;
  /** The HCL expression: an encoded value, `local.name` or `module.vpc.private_subnet_ids`. */
  hcl: string;
  /** Where a wired argument's value comes from (`vpc.private_subnet_ids`); absent for set ones. */
  from?: string;
  /** Spaces after the name that align the `=` of the call's arguments, as `terraform fmt` does. */
  align?: string;
}

/** The module being rendered, with what the platform and the user say about its inputs. */
export interface ModuleCallSpec {
  name: string;
  version: string;
  interface: TerraformModuleInterface;
  wiring: PlatformInputWiring[];
  /** What the user set, by input name; JSON values. */
  inputs: Record<string, unknown>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What `project.*` wiring becomes in an environment's main.tf: its locals. */
const PROJECT_LOCALS: Record<string, string> = {
  'project.name': 'local.name',
  'project.environment': 'local.environment',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    // Not a prototype comparison: values parsed in another realm have another Object.
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

/** The element type of `list(T)`, `set(T)` or `map(T)` when T is a primitive, else undefined. */
function elementKind(type: string | undefined): string | undefined {
  return type
    ?.replace(/\s+/g, '')
    .match(/^(?:list|set|map)\((string|number|bool)\)$/)?.[1];
}

function fitsPrimitive(kind: string, value: unknown): boolean {
  return kind === 'string' || kind === 'number' || kind === 'bool'
    ? terraformConverts(kind, value)
    : true;
}

/** Why `value` cannot be the variable's value, or undefined when Terraform would take it. */
function typeProblem(variable: TerraformVariable, value: unknown) {
  const expected = variable.type ?? variable.kind;
  if (value === null) {
    return variable.nullable && !variable.required
      ? undefined
      : `may not be null`;
  }
  switch (variable.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return fitsPrimitive(variable.kind, value)
        ? undefined
        : `must be a ${expected}`;
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(value)) {
        return `must be a list (${expected})`;
      }
      const kind = elementKind(variable.type);
      return kind && !value.every(item => fitsPrimitive(kind, item))
        ? `must be a ${expected}`
        : undefined;
    }
    case 'map':
    case 'object': {
      if (!isPlainObject(value)) {
        return `must be an object (${expected})`;
      }
      const kind = elementKind(variable.type);
      return kind && !Object.values(value).every(v => fitsPrimitive(kind, v))
        ? `must be a ${expected}`
        : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The arguments of one module call, in the order the module declares its variables: the
 * inputs the platform wires (when their source is chosen too, or is the project) as references,
 * and the inputs the user set as encoded values. Refuses, as bad input naming module and
 * input, an input the module does not declare, a wired input set by hand, a value of the wrong
 * type and a required input that is neither wired nor set.
 */
export function moduleArguments(
  module: ModuleCallSpec,
  chosen: ReadonlySet<string>,
  outputsOf: (name: string) => readonly string[] | undefined,
): ModuleArgument[] {
  const at = `${module.name} ${module.version}`;
  const variables = new Map(module.interface.variables.map(v => [v.name, v]));
  for (const { input } of module.wiring) {
    if (!IDENTIFIER.test(input)) {
      throw new InputError(
        `The platform wires '${input}' of ${at}, which is no identifier`,
      );
    }
  }
  const wired = new Map<string, ModuleArgument>();
  for (const { input, from } of module.wiring) {
    if (!variables.has(input)) {
      throw new InputError(
        `The platform wires '${input}' of ${at}, which ${at} does not declare`,
      );
    }
    const local = PROJECT_LOCALS[from];
    if (local) {
      wired.set(input, { name: input, hcl: local, from });
      continue;
    }
    const dot = from.lastIndexOf('.');
    const source = from.slice(0, dot);
    const output = from.slice(dot + 1);
    if (!chosen.has(source)) {
      // Without its source, the input is the user's to set like any other.
      continue;
    }
    if (!outputsOf(source)?.includes(output)) {
      throw new InputError(
        `The platform feeds '${input}' of ${at} from ${from}, but ${source} has no output '${output}' at the release pinned`,
      );
    }
    wired.set(input, {
      name: input,
      hcl: `module.${hclLabel(source)}.${output}`,
      from,
    });
  }

  const declared = [...variables.keys()].join(', ') || 'none';
  for (const [input, value] of Object.entries(module.inputs)) {
    const variable = variables.get(input);
    if (!variable) {
      throw new InputError(
        `'${input}' is not an input of ${at}; it declares ${declared}`,
      );
    }
    if (wired.has(input)) {
      throw new InputError(
        `'${input}' of ${at} is fed by ${
          wired.get(input)!.from
        }; it cannot be set as well`,
      );
    }
    if (variable.sensitive) {
      // main.tf is committed: a secret written there would be in the repository's history.
      throw new InputError(
        `'${input}' of ${at} is sensitive; it is not written into the repository, set it in the pipeline (TF_VAR_${input})`,
      );
    }
    const problem = typeProblem(variable, value);
    if (problem) {
      throw new InputError(`'${input}' of ${at} ${problem}`);
    }
  }

  const isSet = (name: string) => Object.hasOwn(module.inputs, name);
  const missing = module.interface.variables.filter(
    v => v.required && !wired.has(v.name) && !isSet(v.name),
  );
  if (missing.length > 0) {
    throw new InputError(
      `${at} requires ${missing.map(v => `'${v.name}'`).join(', ')}, which ${
        missing.length > 1 ? 'are' : 'is'
      } not set`,
    );
  }

  const args = module.interface.variables.flatMap(
    (variable): ModuleArgument[] => {
      const wiredArgument = wired.get(variable.name);
      if (wiredArgument) {
        return [wiredArgument];
      }
      if (isSet(variable.name)) {
        if (!IDENTIFIER.test(variable.name)) {
          // Terraform refuses such a variable; written as an argument it would be no attribute.
          throw new InputError(
            `${at} declares a variable named ${JSON.stringify(
              variable.name,
            )}, which is no identifier`,
          );
        }
        return [
          {
            name: variable.name,
            hcl: hclValue(
              module.inputs[variable.name],
              `'${variable.name}' of ${at}`,
            ),
          },
        ];
      }
      return [];
    },
  );
  const width = Math.max(0, ...args.map(argument => argument.name.length));
  return args.map(argument => ({
    ...argument,
    align: ' '.repeat(width - argument.name.length),
  }));
}
