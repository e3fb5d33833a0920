import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import { normalizeVersion } from '@platform-portal/plugin-platform-common';

/** The rules the catalog's field format policy applies to an entity's kind, namespace and name. */
const validators = makeValidator();

const ENTITY_PARTS = [
  {
    part: 'kind',
    valid: validators.isValidKind,
    expected: 'a letter followed by letters and digits, at most 63 characters',
  },
  {
    part: 'namespace',
    valid: validators.isValidNamespace,
    expected: 'sequences of [a-z0-9] separated by [-], at most 63 characters',
  },
  {
    part: 'name',
    valid: validators.isValidEntityName,
    expected:
      'sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters',
  },
] as const;

/** A value as quoted in an error: escaped, and cut short when long. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

/**
 * The entity ref of a kind, namespace and name, lower-cased as the store keeps refs; an
 * InputError naming the first part the catalog would refuse. Refs are compared without regard to
 * case, so the namespace is judged lower-cased.
 */
export function validEntityRef(
  ref: { kind: string; namespace: string; name: string },
  /** The ref as the caller wrote it, for the error. */
  text?: string,
): string {
  const values = {
    ...ref,
    namespace: ref.namespace.toLocaleLowerCase('en-US'),
  };
  for (const { part, valid, expected } of ENTITY_PARTS) {
    if (!valid(values[part])) {
      throw new InputError(
        `Invalid entity ${part} ${quoted(ref[part])}${
          text === undefined ? '' : ` in ${quoted(text)}`
        }: expected ${expected}`,
      );
    }
  }
  return stringifyEntityRef(values).toLocaleLowerCase('en-US');
}

/** An entity ref as text (`component:default/payments-api`), checked as {@link validEntityRef}. */
export function validEntityRefText(text: string): string {
  let ref: { kind: string; namespace: string; name: string };
  try {
    ref = parseEntityRef(text);
  } catch {
    throw new InputError(
      `Invalid entity ref ${quoted(text)}: expected kind:namespace/name`,
    );
  }
  return validEntityRef(ref, text);
}

/**
 * A release version from a query parameter (`2.1.0`, or `v2.1.0` as tags write it), as the
 * platform lists it; an InputError naming the parameter and the value otherwise.
 */
export function validVersion(value: unknown, parameter: string): string {
  const text = typeof value === 'string' ? value : undefined;
  // The rules tags are read by: ` 1.2.0` or `=1.2.0` name no release.
  const version = text === undefined ? undefined : normalizeVersion(text);
  if (!version) {
    throw new InputError(
      `Invalid query parameter ${parameter} ${
        text === undefined ? 'given more than once' : quoted(text)
      }: expected a release version such as 2.1.0`,
    );
  }
  return version;
}

interface SpecSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  items?: SpecSchema;
  $ref?: string;
}

interface SpecParameter {
  name?: string;
  in?: string;
  $ref?: string;
  schema?: SpecSchema;
}

interface Spec {
  paths: Record<
    string,
    Record<string, { parameters?: readonly SpecParameter[] } | undefined>
  >;
  components: {
    parameters?: Record<string, SpecParameter>;
    schemas?: Record<string, SpecSchema>;
  };
}

interface IntegerParameter {
  name: string;
  minimum: number;
  maximum: number;
}

function integerQueryParameters(
  spec: Spec,
  parameters: readonly SpecParameter[] = [],
): IntegerParameter[] {
  return parameters.flatMap(parameter => {
    const resolved = parameter.$ref
      ? spec.components.parameters?.[parameter.$ref.split('/').pop()!]
      : parameter;
    if (
      !resolved?.name ||
      resolved.in !== 'query' ||
      resolved.schema?.type !== 'integer'
    ) {
      return [];
    }
    return [
      {
        name: resolved.name,
        minimum: resolved.schema.minimum ?? Number.MIN_SAFE_INTEGER,
        maximum: resolved.schema.maximum ?? Number.MAX_SAFE_INTEGER,
      },
    ];
  });
}

/** The query parameters of an operation whose values (or list items) are one of a few words. */
function enumQueryParameters(
  spec: Spec,
  parameters: readonly SpecParameter[] = [],
): Array<{ name: string; values: readonly string[] }> {
  const resolve = (schema: SpecSchema | undefined) =>
    schema?.$ref
      ? spec.components.schemas?.[schema.$ref.split('/').pop()!]
      : schema;
  return parameters.flatMap(parameter => {
    const resolved = parameter.$ref
      ? spec.components.parameters?.[parameter.$ref.split('/').pop()!]
      : parameter;
    const schema = resolve(resolved?.schema);
    const values =
      schema?.type === 'array' ? resolve(schema.items)?.enum : schema?.enum;
    if (!resolved?.name || resolved.in !== 'query' || !values) {
      return [];
    }
    return [{ name: resolved.name, values }];
  });
}

/** The operations of the spec, each with what `read` takes from its parameters, by method. */
function operationsOf<T>(
  spec: Spec,
  read: (spec: Spec, parameters?: readonly SpecParameter[]) => T[],
) {
  const operations = Object.entries(spec.paths).map(([template, item]) => ({
    pattern: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    ),
    methods: new Map(
      Object.entries(item).map(([method, operation]) => [
        method.toUpperCase(),
        read(spec, operation?.parameters),
      ]),
    ),
  }));
  return (req: express.Request): T[] =>
    operations
      .find(operation => operation.pattern.test(req.path))
      ?.methods.get(req.method) ?? [];
}

/**
 * Checks the integer query parameters of the spec's operations against their bounds before the
 * spec's own validator sees them: that validator takes `Infinity` and `1e400` as integers within
 * any bounds, and its messages do not say which value was refused.
 */
export function checkIntegerQueryParameters(
  specDocument: unknown,
): express.RequestHandler {
  const parametersOf = operationsOf(
    specDocument as Spec,
    integerQueryParameters,
  );
  return (req, _res, next) => {
    for (const { name, minimum, maximum } of parametersOf(req)) {
      const value = req.query[name];
      if (value === undefined) {
        continue;
      }
      const text = typeof value === 'string' ? value : undefined;
      const number =
        text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (
        !Number.isSafeInteger(number) ||
        number < minimum ||
        number > maximum
      ) {
        next(
          new InputError(
            `Invalid query parameter ${name} ${
              text === undefined ? 'given more than once' : quoted(text)
            }: expected an integer from ${minimum} to ${maximum}`,
          ),
        );
        return;
      }
    }
    next();
  };
}

/**
 * Checks the query parameters whose values the spec lists (`verdict`, `promotion`, `sort`…)
 * before the spec's own validator sees them, whose message does not say which value was refused.
 */
export function checkEnumQueryParameters(
  specDocument: unknown,
): express.RequestHandler {
  const parametersOf = operationsOf(specDocument as Spec, enumQueryParameters);
  return (req, _res, next) => {
    for (const { name, values } of parametersOf(req)) {
      const value = req.query[name];
      if (value === undefined) {
        continue;
      }
      const given = Array.isArray(value) ? value : [value];
      const wrong = given.find(
        item => typeof item !== 'string' || !values.includes(item),
      );
      if (wrong !== undefined) {
        next(
          new InputError(
            `Invalid query parameter ${name} ${
              typeof wrong === 'string' ? quoted(wrong) : 'given as an object'
            }: expected ${
              values.length === 1
                ? values[0]
                : `one of ${values.slice(0, -1).join(', ')} or ${
                    values[values.length - 1]
                  }`
            }`,
          ),
        );
        return;
      }
    }
    next();
  };
}
