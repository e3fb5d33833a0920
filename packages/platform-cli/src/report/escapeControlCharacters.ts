/**
 * C0 and C1 controls, DEL, and the characters that reorder or break lines when shown: bidi
 * embeddings, overrides, isolates and marks, and the Unicode line and paragraph separators.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from a scanned tree or a platform manifest made safe to print on one line of a terminal
 * or a CI log: every character that could move the cursor, start a new line or reorder what
 * follows is written as an escape (`\x1b`, `\u202e`).
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, escape);
}
