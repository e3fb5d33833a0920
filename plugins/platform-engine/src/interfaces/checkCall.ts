import { checkClaim } from './checkClaim';
import type {
  CallArgument,
  CallFinding,
  ModuleInterface,
  ModuleRelease,
  TerraformTypeKind,
} from '@platform-portal/plugin-platform-common';
import { terraformConverts } from './terraformConversion';
import { TERRAFORM_META_ARGUMENTS } from '../extractors/hcl/terraformMetaArguments';

type Value = NonNullable<CallArgument['value']> | null;

/** Whether Terraform can convert a literal to the kind; it converts "5" to 5 and "true" to true. */
function fitsTerraform(kind: TerraformTypeKind, value: Value): boolean {
  if (value === null) {
    return true;
  }
  switch (kind) {
    case 'string':
    case 'any':
      return true;
    case 'number':
    case 'bool':
      return terraformConverts(kind, value);
    default:
      return false;
  }
}

/** GitHub checks a `with:` value against the input's type without converting it. */
function fitsWorkflow(type: string | undefined, value: Value): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    default:
      return true;
  }
}

function describe(value: Value): string {
  return value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Checks one call against the interface of the release it pins: required inputs it does not
 * set, arguments the module does not declare, and literals of the wrong type. `secrets` are
 * the secrets a workflow call passes, or `inherit` when it passes all the caller has. A claim's
 * arguments are the dotted paths below its `spec`, checked against the schema of the XRD version
 * `schemaVersion` (the version of the claim's apiVersion); without it a claim is not checked.
 * A Helm chart's values are not checked.
 *
 * @public
 */
export function checkCall(
  release: ModuleRelease,
  moduleInterface: ModuleInterface,
  callArguments: readonly CallArgument[],
  secrets: readonly string[] | 'inherit' = [],
  schemaVersion?: string,
): CallFinding[] {
  const at = `${release.module}@${release.tag}`;
  if (moduleInterface.kind === 'xrd') {
    return schemaVersion
      ? checkClaim(at, moduleInterface, callArguments, schemaVersion)
      : [];
  }
  const findings: CallFinding[] = [];
  const given = new Map(callArguments.map(a => [a.name, a]));
  let inputs: Array<{
    name: string;
    required: boolean;
    fits: (value: Value) => boolean;
    type: string;
  }>;
  if (moduleInterface.kind === 'terraform') {
    inputs = moduleInterface.variables.map(variable => ({
      name: variable.name,
      required: variable.required,
      fits: value => fitsTerraform(variable.kind, value),
      type: variable.type ?? variable.kind,
    }));
  } else if (moduleInterface.kind === 'workflow') {
    inputs = moduleInterface.inputs.map(input => ({
      name: input.name,
      required: input.required,
      fits: value => fitsWorkflow(input.type, value),
      type: input.type ?? 'string',
    }));
  } else {
    return [];
  }
  const declared = new Map(inputs.map(input => [input.name, input]));
  for (const input of inputs) {
    const argument = given.get(input.name);
    if (!argument) {
      if (input.required) {
        findings.push({
          finding: 'missing-required-input',
          argument: input.name,
          message: `\`${input.name}\` is required by ${at} but not set`,
        });
      }
    } else if (argument.value !== undefined && !input.fits(argument.value)) {
      findings.push({
        finding: 'wrong-type',
        argument: input.name,
        message: `\`${input.name}\` is a ${input.type} in ${at}, not ${describe(
          argument.value,
        )}`,
      });
    }
  }
  for (const argument of callArguments) {
    const meta =
      moduleInterface.kind === 'terraform' &&
      TERRAFORM_META_ARGUMENTS.has(argument.name);
    if (!meta && !declared.has(argument.name)) {
      findings.push({
        finding: 'unknown-argument',
        argument: argument.name,
        message: `\`${argument.name}\` is not an input of ${at}`,
      });
    }
  }
  if (moduleInterface.kind === 'workflow' && secrets !== 'inherit') {
    const passed = new Set(secrets);
    for (const secret of moduleInterface.secrets) {
      if (secret.required && !passed.has(secret.name)) {
        findings.push({
          finding: 'missing-required-input',
          argument: secret.name,
          message: `secret \`${secret.name}\` is required by ${at} but not passed`,
        });
      }
    }
    const known = new Set(moduleInterface.secrets.map(s => s.name));
    for (const secret of secrets) {
      if (!known.has(secret)) {
        findings.push({
          finding: 'unknown-argument',
          argument: secret,
          message: `secret \`${secret}\` is not declared by ${at}`,
        });
      }
    }
  }
  return findings;
}
