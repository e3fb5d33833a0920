import { InputError } from '@backstage/errors';
import {
  RESERVED_CLAIM_FIELDS,
  SchemaProperty,
} from '@platform-portal/plugin-platform-common';

/** The Kubernetes label value that names a composition release in a claim's revision selector. */
export function revisionLabel(tag: string): string {
  return tag.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
}

function fitsType(type: string | undefined, value: unknown): boolean {
  if (type === undefined) {
    return true;
  }
  // JSON Schema allows several types, which the interface joins with `|`.
  return type.split('|').some(one => {
    switch (one) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return Number.isInteger(value);
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return (
          typeof value === 'object' && value !== null && !Array.isArray(value)
        );
      case 'null':
        return value === null;
      default:
        return true;
    }
  });
}

/**
 * The spec parameters of a claim, in the order of the XRD version's schema: what the user set,
 * checked against the schema's top-level properties, and each required property the user did
 * not set at its schema default. Refuses, naming module and property, an unknown property, a
 * value of the wrong type or outside the enum, and a required property without value or default.
 */
export function claimSpec(
  at: string,
  properties: readonly SchemaProperty[],
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const byName = new Map(
    properties
      .filter(property => !RESERVED_CLAIM_FIELDS.has(property.name))
      .map(property => [property.name, property]),
  );
  for (const [name, value] of Object.entries(inputs)) {
    const property = byName.get(name);
    if (!property) {
      throw new InputError(
        `'${name}' is not a spec property of ${at}; it has ${
          [...byName.keys()].join(', ') || 'none'
        }`,
      );
    }
    if (!fitsType(property.type, value)) {
      throw new InputError(
        `'${name}' of ${at} must be of type ${property.type}`,
      );
    }
    if (
      property.enum &&
      !property.enum.some(
        allowed => JSON.stringify(allowed) === JSON.stringify(value),
      )
    ) {
      throw new InputError(
        `'${name}' of ${at} must be one of ${property.enum
          .map(allowed => JSON.stringify(allowed))
          .join(', ')}`,
      );
    }
  }
  const spec: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const property of byName.values()) {
    if (Object.hasOwn(inputs, property.name)) {
      spec[property.name] = inputs[property.name];
    } else if (property.required) {
      if (property.default === undefined) {
        missing.push(property.name);
      } else {
        spec[property.name] = property.default;
      }
    }
  }
  if (missing.length > 0) {
    throw new InputError(
      `${at} requires ${missing.map(name => `'${name}'`).join(', ')}, which ${
        missing.length > 1 ? 'are' : 'is'
      } not set`,
    );
  }
  return spec;
}
