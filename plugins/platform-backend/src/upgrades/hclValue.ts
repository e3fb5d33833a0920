import { InputError } from '@backstage/errors';

/**
 * Until the engine exports the encoder every generated file uses: the JSON text of a value is
 * HCL that reads back as the same value, except for JSON's \b and \f escapes and for the
 * template sequences ${ and %{, which are refused (naming the input) rather than written.
 */
export function hclValue(value: unknown, where: string): string {
  const text = JSON.stringify(value);
  if (text === undefined || /\\[bf]|[$%]\{/.test(text)) {
    throw new InputError(`The value of ${where} cannot be written as HCL`);
  }
  return text;
}
