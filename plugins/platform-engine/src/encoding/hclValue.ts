import { InputError } from '@backstage/errors';

/** How deep a value from the form may nest; the form offers lists and maps of scalars. */
const MAX_DEPTH = 10;
/** More than any module input needs; bounds the text written into main.tf. */
const MAX_LENGTH = 64 * 1024;

/** The escape of one character HCL needs escaped inside a quoted string, if any. */
function escapeCharacter(character: string): string {
  switch (character) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      // Control and line-separator characters: JSON's \b and \f are no HCL escapes, so all of
      // them are written as \uNNNN, which HCL reads back as the same character.
      return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/**
 * A quoted HCL string that reads back as `value`: quotes, backslashes and control characters
 * escaped, and the template sequences `${` and `%{` doubled so that no value is interpolated
 * or ends the string.
 */
export function hclString(value: string): string {
  const escaped = value
    .replace(/["\\\p{Cc}\u2028\u2029]/gu, escapeCharacter)
    // A function, since `$$` in a replacement string would be one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}

function encode(value: unknown, where: string, depth: number): string {
  if (depth > MAX_DEPTH) {
    throw new InputError(`${where} nests deeper than ${MAX_DEPTH} levels`);
  }
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return hclString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new InputError(`${where} is not a finite number`);
      }
      // JavaScript's number text (1e+21, -0.5) is an HCL number literal.
      return String(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => encode(item, `${where}[${index}]`, depth + 1))
          .join(', ')}]`;
      }
      // Not a prototype comparison: values parsed in another realm have another Object.
      if (Object.prototype.toString.call(value) === '[object Object]') {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0) {
          return '{}';
        }
        // Keys are quoted strings, so any key is one key and never an expression.
        return `{ ${entries
          .map(
            ([key, item]) =>
              `${hclString(key)} = ${encode(
                item,
                `${where}.${key}`,
                depth + 1,
              )}`,
          )
          .join(', ')} }`;
      }
      break;
    default:
      break;
  }
  throw new InputError(`${where} is not a JSON value`);
}

/**
 * The HCL expression of a JSON value (string, number, boolean, null, list, object), on one line:
 * what the generated main.tf writes for a module input. Throws an InputError naming `where`
 * for anything else, or for a value too deep or too large.
 */
export function hclValue(value: unknown, where: string): string {
  const text = encode(value, where, 0);
  if (text.length > MAX_LENGTH) {
    throw new InputError(`${where} is longer than ${MAX_LENGTH} characters`);
  }
  return text;
}

/**
 * The identifier a module block is labelled with and referenced by (`module.<label>`): the
 * module's name with every character an HCL identifier cannot hold replaced by `_`.
 */
export function hclLabel(name: string): string {
  const label = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(label) ? label : `_${label}`;
}
