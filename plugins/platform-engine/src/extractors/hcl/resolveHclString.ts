import { posix } from 'path';
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
  /** Where the locals are defined, for reasons: "this file" unless set. */
  where?: string;
  /**
   * The value of a call whose arguments are all known strings, in the place the file is
   * evaluated from (Terragrunt's path functions, `read_terragrunt_config`); undefined leaves it
   * unknown.
   */
  call?(name: string, args: string[]): HclValue | undefined;
  /** The value of another traversal, e.g. `values.version`; undefined leaves it unknown. */
  traverse?(path: string[]): HclValue | undefined;
  /** The configuration `include.<label>` names; undefined leaves it unknown. */
  include?(label: string): HclValue | undefined;
  /** Rewrites the result and the partial result, e.g. the tree's paths relative to the file. */
  rewrite?(text: string): string;
}

/**
 * What a function or an include gives: a string, another file's configuration whose
 * `locals` can be read, or why it is not known.
 *
 * @public
 */
export type HclValue =
  | { value: string }
  | { config: HclResolveContext }
  | { unknown: string };

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
type Scope = { config: HclResolveContext } | { failure: Failure };
/** The locals being evaluated, each in its own file's context: to tell a cycle. */
type Stack = Array<{ context: HclResolveContext; name: string }>;

// Pure functions of Terraform that build paths and names; the others stay unknown.
const STRING_FUNCTIONS: Record<string, (args: string[]) => string | undefined> =
  {
    dirname: ([p]) => (p === undefined ? undefined : posix.dirname(p)),
    basename: ([p]) => (p === undefined ? undefined : posix.basename(p)),
    lower: ([t]) => t?.toLowerCase(),
    upper: ([t]) => t?.toUpperCase(),
    trimspace: ([t]) => t?.trim(),
  };

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

function failure(blocking: string, why: string): Failure {
  return { blocking: shorten(blocking), why, via: [] };
}

function fail(blocking: string, why: string, partial: string): Evaluation {
  return { failure: failure(blocking, why), partial };
}

function evaluate(
  expression: HclExpression,
  context: HclResolveContext,
  stack: Stack,
): Evaluation {
  switch (expression.type) {
    case 'literal':
      return { value: expression.value };
    case 'template': {
      let value = '';
      let first: Failure | undefined;
      for (const part of expression.parts) {
        if (typeof part === 'string') {
          value += part;
          continue;
        }
        const result = evaluate(part, context, stack);
        if ('value' in result) {
          value += result.value;
        } else {
          first ??= result.failure;
          value += `\${${part.text.trim()}}`;
        }
      }
      return first ? { failure: first, partial: value } : { value };
    }
    case 'traversal':
      return evaluateTraversal(expression, context, stack);
    case 'call': {
      const called = evaluateCall(expression, context, stack);
      if ('failure' in called) {
        return { failure: called.failure, partial: '' };
      }
      if ('config' in called) {
        return fail(expression.text, 'a configuration, not a string', '');
      }
      return called;
    }
    case 'object':
      return fail(expression.text, 'an object, not a string', '');
    default:
      return fail(expression.text, 'not a literal string', '');
  }
}

/** A call whose arguments are known, through the context's functions or Terraform's. */
function evaluateCall(
  expression: Extract<HclExpression, { type: 'call' }>,
  context: HclResolveContext,
  stack: Stack,
): { value: string } | { config: HclResolveContext } | { failure: Failure } {
  const { name } = expression;
  const unknown = () => ({ failure: failure(`${name}()`, explainCall(name)) });
  const pure = STRING_FUNCTIONS[name];
  if ((!context.call && !pure) || expression.expand) {
    return unknown();
  }
  const args: string[] = [];
  for (const argument of expression.args) {
    const result = evaluate(argument, context, stack);
    if ('failure' in result) {
      return { failure: result.failure };
    }
    args.push(result.value);
  }
  const result = context.call?.(name, args);
  if (result === undefined) {
    const value = pure?.(args);
    return value === undefined ? unknown() : { value };
  }
  if ('unknown' in result) {
    return { failure: failure(expression.text, result.unknown) };
  }
  return result;
}

/** The configuration an expression names: `include.<label>`, a read_terragrunt_config() call, a local holding one. */
function evaluateScope(
  expression: HclExpression,
  context: HclResolveContext,
  stack: Stack,
): Scope {
  if (expression.type === 'call') {
    const called = evaluateCall(expression, context, stack);
    if ('value' in called) {
      return {
        failure: failure(expression.text, 'a string, not a configuration'),
      };
    }
    return called;
  }
  if (expression.type === 'traversal') {
    const { path, text } = expression;
    if (path[0] === 'include' && path.length === 2) {
      return includeScope(path, text, context);
    }
    if (path[0] === 'local' && path.length === 2) {
      const value = context.locals.get(path[1]);
      if (!value) {
        return { failure: failure(text, notDefined(context)) };
      }
      const entered = enter(context, path[1], text, stack);
      if ('failure' in entered) {
        return entered;
      }
      const inner = evaluateScope(value, context, entered.stack);
      return 'failure' in inner
        ? { failure: withVia(inner.failure, path[1]) }
        : inner;
    }
  }
  return {
    failure: failure(
      expression.text,
      'not a configuration that can be followed',
    ),
  };
}

function includeScope(
  path: string[],
  text: string,
  context: HclResolveContext,
): Scope {
  const included = context.include?.(path[1]);
  if (!included) {
    return { failure: failure(text, context.explainTraversal(path)) };
  }
  if ('unknown' in included) {
    return { failure: failure(text, included.unknown) };
  }
  if ('value' in included) {
    return { failure: failure(text, 'a string, not a configuration') };
  }
  return included;
}

function notDefined(context: HclResolveContext): string {
  return `not defined in ${context.where ?? 'this file'}`;
}

/** Pushes a local onto the stack, unless it is already being evaluated or the chain is too long. */
function enter(
  context: HclResolveContext,
  name: string,
  text: string,
  stack: Stack,
): { stack: Stack } | { failure: Failure } {
  if (stack.some(entry => entry.context === context && entry.name === name)) {
    return { failure: failure(text, 'part of a cycle of locals') };
  }
  // Each local followed is a level of recursion; a long enough chain would overflow the stack.
  if (stack.length >= MAX_NESTING_DEPTH) {
    return {
      failure: failure(
        text,
        `a chain of more than ${MAX_NESTING_DEPTH} locals`,
      ),
    };
  }
  return { stack: [...stack, { context, name }] };
}

/** `locals.<name>…` of another file's configuration. */
function evaluateInScope(
  scope: HclResolveContext,
  rest: string[],
  text: string,
  stack: Stack,
): Evaluation {
  if (rest[0] !== 'locals' || rest.length < 2) {
    return fail(text, 'only the locals of another file are followed', '');
  }
  return evaluateTraversal(
    { type: 'traversal', path: ['local', ...rest.slice(1)], text },
    scope,
    stack,
  );
}

function evaluateTraversal(
  expression: Extract<HclExpression, { type: 'traversal' }>,
  context: HclResolveContext,
  stack: Stack,
): Evaluation {
  const { path, text } = expression;
  if (path[0] === 'include' && path.length > 2 && context.include) {
    const scope = includeScope(path.slice(0, 2), text, context);
    return 'failure' in scope
      ? { failure: scope.failure, partial: '' }
      : evaluateInScope(scope.config, path.slice(2), text, stack);
  }
  if (path[0] !== 'local' || path.length < 2) {
    const found = context.traverse?.(path);
    if (found && 'value' in found) {
      return found;
    }
    return fail(
      text,
      found && 'unknown' in found
        ? found.unknown
        : context.explainTraversal(path),
      '',
    );
  }
  const name = path[1];
  let current = context.locals.get(name);
  if (!current) {
    return fail(text, notDefined(context), '');
  }
  const entered = enter(context, name, text, stack);
  if ('failure' in entered) {
    return { failure: entered.failure, partial: '' };
  }
  const inner = entered.stack;
  // `local.versions.vpc` where `versions` is an object literal of this file.
  const keys = path.slice(2);
  for (let i = 0; i < keys.length; i++) {
    if (current.type !== 'object') {
      // `local.env.locals.x` where `env = read_terragrunt_config(…)`.
      const scope = evaluateScope(current, context, inner);
      if ('failure' in scope) {
        return { failure: withVia(scope.failure, name), partial: '' };
      }
      const result = evaluateInScope(scope.config, keys.slice(i), text, inner);
      return 'value' in result
        ? result
        : { failure: withVia(result.failure, name), partial: '' };
    }
    const entry: HclExpression | undefined = current.entries.get(keys[i]);
    if (!entry) {
      return fail(text, notDefined(context), '');
    }
    current = entry;
  }
  const result = evaluate(current, context, inner);
  if ('value' in result) {
    return result;
  }
  return { failure: withVia(result.failure, name), partial: '' };
}

function withVia(inner: Failure, local: string): Failure {
  return { ...inner, via: [`local.${local}`, ...inner.via] };
}

/**
 * Evaluates an expression to a string when it is made of literals, same-file locals, Terraform's
 * path and case functions, and whatever the context's `call` and `include` know.
 *
 * @public
 */
export function resolveHclString(
  expression: HclExpression,
  context: HclResolveContext,
): HclResolution {
  const result = evaluate(expression, context, []);
  const rewrite = context.rewrite ?? (text => text);
  if ('value' in result) {
    return { resolved: true, value: rewrite(result.value) };
  }
  const { blocking, why, via } = result.failure;
  return {
    resolved: false,
    partial: result.partial
      ? rewrite(result.partial)
      : shorten(expression.text),
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
