/**
 * Whether Terraform takes a literal as a value of a primitive type: it converts numbers and
 * booleans to strings, `"5"` to 5 and `"true"` to true.
 *
 * @public
 */
export function terraformConverts(
  kind: 'string' | 'number' | 'bool',
  value: unknown,
): boolean {
  switch (kind) {
    case 'string':
      return ['string', 'number', 'boolean'].includes(typeof value);
    case 'number':
      return (
        typeof value === 'number' ||
        (typeof value === 'string' &&
          value.trim() !== '' &&
          Number.isFinite(Number(value)))
      );
    default:
      return (
        typeof value === 'boolean' || value === 'true' || value === 'false'
      );
  }
}
