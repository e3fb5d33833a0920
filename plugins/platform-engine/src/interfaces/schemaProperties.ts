import type { SchemaProperty } from '@platform-portal/plugin-platform-common';
import { MAX_NESTING_DEPTH } from '../extractors/nestingLimit';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') {
    return schema.type;
  }
  // JSON Schema allows a list of types: `["string", "null"]`.
  if (Array.isArray(schema.type)) {
    return schema.type.filter(t => typeof t === 'string').join('|');
  }
  return undefined;
}

/**
 * The properties of an object schema (OpenAPI v3 or JSON Schema), nested objects as nested
 * properties, down to the nesting limit of the parsers (a hostile schema could overflow the stack).
 */
export function schemaProperties(schema: unknown, depth = 0): SchemaProperty[] {
  if (
    depth >= MAX_NESTING_DEPTH ||
    !isObject(schema) ||
    !isObject(schema.properties)
  ) {
    return [];
  }
  const required = new Set(
    Array.isArray(schema.required)
      ? schema.required.filter(name => typeof name === 'string')
      : [],
  );
  return Object.entries(schema.properties).map(([name, property]) => {
    const found: SchemaProperty = { name, required: required.has(name) };
    if (!isObject(property)) {
      return found;
    }
    const type = typeOf(property);
    if (type !== undefined) found.type = type;
    if (Array.isArray(property.enum)) found.enum = property.enum;
    if (typeof property.description === 'string') {
      found.description = property.description;
    }
    if (property.default !== undefined) found.default = property.default;
    const nested = schemaProperties(property, depth + 1);
    if (nested.length > 0) found.properties = nested;
    return found;
  });
}
