import type {
  ModuleRelease,
  TerraformModuleInterface,
  TerraformOutput,
  TerraformTypeKind,
  TerraformVariable,
} from '@platform-portal/plugin-platform-common';
import type { Node } from 'web-tree-sitter';
import {
  HclBlockSelection,
  HclExpression,
  readHclFile,
} from '../extractors/hcl/hclDocument';
import { HclParser } from '../extractors/hcl/hclParser';
import { InterfaceReadError, ModuleFile } from './interfaceError';

const TERRAFORM_FILE = /\.(?:tf|tofu)$/;
const BLOCKS: HclBlockSelection = new Map([
  [
    'variable',
    new Set(['type', 'description', 'default', 'sensitive', 'nullable']),
  ],
  ['output', new Set(['description', 'sensitive'])],
]);
const KINDS = new Set<string>([
  'string',
  'number',
  'bool',
  'list',
  'map',
  'object',
  'set',
  'tuple',
  'any',
]);

/** The coarse kind of a type expression: `string`, `list(…)`, `object({…})`… */
export function typeKind(type: HclExpression | undefined): TerraformTypeKind {
  let name: string | undefined;
  if (type?.type === 'traversal' && type.path.length === 1) {
    name = type.path[0];
  } else if (type?.type === 'call') {
    name = type.name;
  }
  return name && KINDS.has(name) ? (name as TerraformTypeKind) : 'any';
}

/** The text of a heredoc, with the indentation `<<-` strips removed. */
function heredocText(text: string): string | undefined {
  const opener = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text);
  if (!opener) {
    return undefined;
  }
  const lines = text.slice(opener[0].length).split(/\r?\n/);
  lines.pop(); // the end marker
  if (opener[1] === '-') {
    const indents = lines
      .filter(line => line.trim())
      .map(line => /^[ \t]*/.exec(line)![0].length);
    const strip = indents.length ? Math.min(...indents) : 0;
    return lines.map(line => line.slice(strip)).join('\n');
  }
  return lines.join('\n');
}

function textOf(expression: HclExpression | undefined): string | undefined {
  if (!expression) {
    return undefined;
  }
  if (expression.type === 'literal') {
    return expression.value;
  }
  return heredocText(expression.text) ?? expression.text;
}

function flag(expression: HclExpression | undefined): boolean | undefined {
  if (expression?.type === 'literal' && !expression.text.startsWith('"')) {
    if (expression.value === 'true') return true;
    if (expression.value === 'false') return false;
  }
  return undefined;
}

const NOT_LITERAL = Symbol('not a literal');

function literalValue(expression: HclExpression): unknown {
  switch (expression.type) {
    case 'literal':
      if (expression.text.startsWith('"')) {
        return expression.value;
      }
      return flag(expression) ?? Number(expression.value);
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, value] of expression.entries) {
        const literal = literalValue(value);
        if (literal === NOT_LITERAL) {
          return NOT_LITERAL;
        }
        object[key] = literal;
      }
      return object;
    }
    default: {
      const compact = expression.text.replace(/\s/g, '');
      if (compact === 'null') {
        return null;
      }
      return compact === '[]' ? [] : NOT_LITERAL;
    }
  }
}

function defaultValue(expression: HclExpression): unknown {
  const literal = literalValue(expression);
  return literal === NOT_LITERAL
    ? heredocText(expression.text) ?? expression.text
    : literal;
}

function children(node: Node | null): Node[] {
  return (node?.children ?? []).filter((child): child is Node => !!child);
}

/** Names of the variables with a `validation` block, which readHclFile does not read. */
function validatedVariables(parser: HclParser, content: string): Set<string> {
  return parser.parse(content, root => {
    const names = new Set<string>();
    for (const body of children(root).filter(c => c.type === 'body')) {
      for (const block of children(body).filter(c => c.type === 'block')) {
        const [type, label] = children(block);
        if (type?.text !== 'variable' || !label) {
          continue;
        }
        const inner = children(block).find(c => c.type === 'body');
        const validated = children(inner ?? null).some(
          c => c.type === 'block' && c.child(0)?.text === 'validation',
        );
        if (validated) {
          names.add(label.text.replace(/^"|"$/g, ''));
        }
      }
    }
    return names;
  });
}

/**
 * Reads the variables and outputs of a Terraform or OpenTofu module from the `.tf` files of
 * its directory. A directory without variables is an empty interface, not an error.
 *
 * @public
 */
export function extractTerraformInterface(
  parser: HclParser,
  files: ModuleFile[],
  release: ModuleRelease,
): TerraformModuleInterface {
  const variables: TerraformVariable[] = [];
  const outputs: TerraformOutput[] = [];
  for (const file of files) {
    if (!TERRAFORM_FILE.test(file.path)) {
      continue;
    }
    const { blocks, errors } = readHclFile(parser, file.content, BLOCKS);
    if (errors.length > 0) {
      throw new InterfaceReadError(release, file.path, errors[0].message);
    }
    const validated = blocks.some(block => block.type === 'variable')
      ? validatedVariables(parser, file.content)
      : new Set<string>();
    for (const block of blocks) {
      const name = block.labels[0];
      if (name === undefined) {
        continue;
      }
      const attribute = (key: string) => block.attributes.get(key)?.value;
      const description = textOf(attribute('description'));
      const sensitive = flag(attribute('sensitive')) ?? false;
      if (block.type === 'output') {
        outputs.push({ name, description, sensitive });
        continue;
      }
      const type = attribute('type');
      const initial = attribute('default');
      const variable: TerraformVariable = {
        name,
        type: type?.text,
        kind: typeKind(type),
        description,
        required: initial === undefined,
        sensitive,
        nullable: flag(attribute('nullable')) ?? true,
        hasValidation: validated.has(name),
      };
      if (initial !== undefined) {
        variable.default = defaultValue(initial);
      }
      variables.push(variable);
    }
  }
  return { kind: 'terraform', variables, outputs };
}
