import { HclBlock, HclExpression } from './hclDocument';
import { MAX_NESTING_DEPTH } from '../nestingLimit';

/**
 * What {@link resolveHclString} knows beyond the expression: the literal-or-not `locals` of the
 * same file, and how to explain references it cannot follow.
 *
 * @public
 */
export interface HclResolveContext {
  locals: ReadonlyMap<string, HclExpression>;
  /** Why a traversal such as `include.root.locals.v` is unknown, e.g. "defined in another file". */
  explainTraversal(path: string[]): string;
}

/**
 * The string an expression evaluates to, or the first part that keeps it from being a literal.
 *
 * @public
 */
export type HclResolution =
  | { resolved: true; value: string }
  | {
      resolved: false;
      /** The string with what could be substituted, and `${…}` as written for the rest. */
      partial: string;
      /** E.g. "uses include.root.locals.version, defined in another file". */
      reason: string;
    };

interface Failure {
  blocking: string;
  why: string;
  via: string[];
}

type Evaluation = { value: string } | { failure: Failure; partial: string };

const FILE_FUNCTIONS = new Set([
  'read_terragrunt_config',
  'find_in_parent_folders',
  'read_tfvars_file',
  'sops_decrypt_file',
  'file',
  'templatefile',
]);
const PATH_FUNCTIONS = new Set([
  'path_relative_to_include',
  'path_relative_from_include',
  'get_terragrunt_dir',
  'get_parent_terragrunt_dir',
  'get_original_terragrunt_dir',
  'get_repo_root',
  'get_path_from_repo_root',
  'get_path_to_repo_root',
  'get_working_dir',
]);
const MAX_TEXT = 80;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}…` : oneLine;
}

function explainCall(name: string): string {
  if (FILE_FUNCTIONS.has(name)) {
    return 'which reads another file';
  }
  if (PATH_FUNCTIONS.has(name)) {
    return 'which depends on where the file is included from';
  }
  if (name === 'get_env') {
    return 'which reads an environment variable';
  }
  if (name === 'run_cmd') {
    return 'which runs a command';
  }
  return 'a function evaluated only when the configuration runs';
}

function fail(blocking: string, why: string, partial: string): Evaluation {
  return { failure: { blocking: shorten(blocking), why, via: [] }, partial };
}

function evaluate(
  expression: HclExpression,
  context: HclResolveContext,
  stack: string[],
): Evaluation {
  switch (expression.type) {
    case 'literal':
      return { value: expression.value };
    case 'template': {
      let value = '';
      let failure: Failure | undefined;
      for (const part of expression.parts) {
        if (typeof part === 'string') {
          value += part;
          continue;
        }
        const result = evaluate(part, context, stack);
        if ('value' in result) {
          value += result.value;
        } else {
          failure ??= result.failure;
          value += `\${${part.text.trim()}}`;
        }
      }
      return failure ? { failure, partial: value } : { value };
    }
    case 'traversal':
      return evaluateTraversal(expression, context, stack);
    case 'call':
      return fail(`${expression.name}()`, explainCall(expression.name), '');
    case 'object':
      return fail(expression.text, 'an object, not a string', '');
    default:
      return fail(expression.text, 'not a literal string', '');
  }
}

function evaluateTraversal(
  expression: Extract<HclExpression, { type: 'traversal' }>,
  context: HclResolveContext,
  stack: string[],
): Evaluation {
  const { path, text } = expression;
  if (path[0] !== 'local' || path.length < 2) {
    return fail(text, context.explainTraversal(path), '');
  }
  const name = path[1];
  let current = context.locals.get(name);
  if (!current) {
    return fail(text, 'not defined in this file', '');
  }
  if (stack.includes(name)) {
    return fail(text, 'part of a cycle of locals', '');
  }
  // Each local followed is a level of recursion; a long enough chain would overflow the stack.
  if (stack.length >= MAX_NESTING_DEPTH) {
    return fail(text, `a chain of more than ${MAX_NESTING_DEPTH} locals`, '');
  }
  // `local.versions.vpc` where `versions` is an object literal of this file.
  for (const key of path.slice(2)) {
    if (current.type !== 'object') {
      // `local.env.locals.x` where `env = read_terragrunt_config(…)`: explain the local.
      const inner = evaluate(current, context, [...stack, name]);
      return 'failure' in inner
        ? { failure: withVia(inner.failure, name), partial: '' }
        : fail(text, 'not a literal string', '');
    }
    const entry = current.entries.get(key);
    if (!entry) {
      return fail(text, 'not defined in this file', '');
    }
    current = entry;
  }
  const result = evaluate(current, context, [...stack, name]);
  if ('value' in result) {
    return result;
  }
  return { failure: withVia(result.failure, name), partial: '' };
}

function withVia(failure: Failure, local: string): Failure {
  return { ...failure, via: [`local.${local}`, ...failure.via] };
}

/**
 * Evaluates an expression to a string when it is made of literals and same-file locals only.
 *
 * @public
 */
export function resolveHclString(
  expression: HclExpression,
  context: HclResolveContext,
): HclResolution {
  const result = evaluate(expression, context, []);
  if ('value' in result) {
    return { resolved: true, value: result.value };
  }
  const { blocking, why, via } = result.failure;
  return {
    resolved: false,
    partial: result.partial || shorten(expression.text),
    reason: `uses ${blocking}${
      via.length > 0 ? ` (through ${via.join(' → ')})` : ''
    }, ${why}`,
  };
}

/**
 * The attributes of every `locals` block, first definition first.
 *
 * @public
 */
export function collectLocals(blocks: HclBlock[]): Map<string, HclExpression> {
  const locals = new Map<string, HclExpression>();
  for (const block of blocks) {
    if (block.type === 'locals') {
      for (const [name, attribute] of block.attributes) {
        if (!locals.has(name)) {
          locals.set(name, attribute.value);
        }
      }
    }
  }
  return locals;
}
