import type { CallArgument } from '@platform-portal/plugin-platform-common';
import { HclAttribute, HclExpression } from './hclDocument';

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The value of a literal as the module receives it: a string, a number, a bool or null. The
 * reader decodes every literal to a string, so its text tells which it was. Undefined for
 * anything Terraform evaluates (references, calls, templates, collections).
 */
export function literalValue(
  expression: HclExpression,
): CallArgument['value'] | undefined {
  const { text } = expression;
  if (expression.type === 'literal') {
    if (text.startsWith('"')) {
      return expression.value;
    }
    if (text === 'true' || text === 'false') {
      return text === 'true';
    }
    return NUMBER.test(text) ? Number(text) : undefined;
  }
  if (expression.type === 'other') {
    // `null` and negative numbers are not literals to the reader: a keyword and an operator.
    if (text === 'null') {
      return null;
    }
    return NUMBER.test(text) ? Number(text) : undefined;
  }
  return undefined;
}

/** An argument of a call, with its value when it is a literal. */
export function callArgument(
  name: string,
  expression: HclExpression,
): CallArgument {
  const value = literalValue(expression);
  return value === undefined ? { name } : { name, value };
}

/** The arguments of a call from the attributes of its block, without the ones named in `skip`. */
export function blockCallArguments(
  attributes: ReadonlyMap<string, HclAttribute>,
  skip: ReadonlySet<string>,
): CallArgument[] {
  const found: CallArgument[] = [];
  for (const [name, attribute] of attributes) {
    if (!skip.has(name)) {
      found.push(callArgument(name, attribute.value));
    }
  }
  return found;
}
