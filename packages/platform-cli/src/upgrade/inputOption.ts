import { InvalidArgumentError } from 'commander';

// The names Terraform allows for a variable, which the inputs of a module call are.
const INPUT_NAME = /^[A-Za-z_][\w-]*$/;

/**
 * Collects `--input name=JSON` (given once per input) into a map of values; refuses a name
 * Terraform would not take, a value that is not JSON and a name given twice.
 */
export function collectInput(
  text: string,
  previous: Record<string, unknown> = {},
): Record<string, unknown> {
  const equals = text.indexOf('=');
  const name = equals === -1 ? text : text.slice(0, equals);
  if (equals === -1 || !INPUT_NAME.test(name)) {
    throw new InvalidArgumentError(
      'expected name=JSON, e.g. cidr=\'"10.0.0.0/16"\' or az_count=3',
    );
  }
  if (Object.hasOwn(previous, name)) {
    throw new InvalidArgumentError(`${name} is given twice`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.slice(equals + 1));
  } catch {
    throw new InvalidArgumentError(
      `the value of ${name} is not JSON (a string needs its quotes: ${name}='"text"')`,
    );
  }
  return { ...previous, [name]: value };
}
