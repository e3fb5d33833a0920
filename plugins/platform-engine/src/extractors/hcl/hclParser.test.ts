import fc from 'fast-check';
import type { Parser, Tree } from 'web-tree-sitter';
import {
  mutatedDocuments,
  noThrowRuns,
} from '../__testUtils__/noThrowProperties';
import { createHclTreeParser, parseHclTree } from './hclParser';

/** Every node with its type, span and rows and columns, but the literal parts of strings. */
function nodesOf(tree: Tree): string[] {
  const nodes: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.type !== 'template_literal') {
      const { startPosition: s, endPosition: e } = node;
      nodes.push(
        `${node.type}${node.isMissing ? '(missing)' : ''} ${node.startIndex}-${
          node.endIndex
        } ${s.row}:${s.column}-${e.row}:${e.column}`,
      );
    }
    if (cursor.gotoFirstChild()) {
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return nodes;
      }
    }
  }
}

function literalParts(tree: Tree): number {
  return tree.rootNode.descendantsOfType('template_literal').length;
}

const SEEDS = [
  `locals {
  platform = "git::https://github.com/acme/platform.git"
  versions = { vpc = "vpc/v1.4.0", "quoted key" = "x" }
}

module "vpc" {
  source  = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0" # "v1.4.0"
  version = "~> 5.8" // a "comment"
  tags    = { k = format("%s", var.x), empty = "" }
  /* a "block" comment
     over "lines" */
  name = "ünïcödé 😀"
  cost = "$5 or 100%, %s"
  tail = "a$"
}

module "sg" {
  source = "\${local.platform}//modules/sg?ref=\${local.versions.vpc}"
  after  = "plain again"
}

resource "aws_iam_policy" "this" {
  policy = <<-EOT
    { "Statement": "\${var.x}" }
  EOT
}
`,
  'include "root" {\r\n  path = find_in_parent_folders("root.hcl")\r\n}\r\n\r\nterraform {\r\n  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.8.1"\r\n}\r\n',
];

const FRAGMENTS = [
  '\n',
  '\r\n',
  ' ',
  '"',
  '"x"',
  '""',
  '\\"',
  '${',
  '}',
  '{',
  '%{',
  '#',
  '//',
  '/*',
  '*/',
  '<<EOT\n',
  'EOT\n',
  '=',
  'a = "b"\n',
  '😀',
];

// Valid files with strings of every kind, comments and heredocs holding quotes. Braces come in
// whole templates and escapes only, and `$` and `%` before a letter, as others would make most
// strings invalid.
const textChar = fc.constantFrom(
  'a',
  'Z',
  '0',
  ' ',
  '#',
  '/',
  '*',
  '-',
  ':',
  '?',
  '=',
  '😀',
  'é',
  '<',
);
const stringPart = fc.oneof(
  { weight: 8, arbitrary: textChar },
  fc.constantFrom(
    '\\"',
    '\\\\',
    '${var.v}',
    '%{ if x }y%{ endif }',
    '$${x}',
    '%%{x}',
    '$x',
    '%s',
    '${lookup(var.m, "k", "}")}',
    '${var.m["k"]}',
    '\\u00e9',
  ),
);
const quoted = fc
  .array(stringPart, { maxLength: 16 })
  .map(parts => `"${parts.join('')}"`);
const commentText = fc
  .array(fc.oneof(textChar, fc.constant('"')), { maxLength: 12 })
  .map(parts => parts.join(''));
const comment = fc.oneof(
  commentText.map(text => `# ${text}`),
  commentText.map(text => `// ${text}`),
  commentText.map(text => `/* ${text.replace(/\*/g, '+')} */`),
);
const value = fc.oneof(
  { weight: 6, arbitrary: quoted },
  fc.constant('var.x'),
  fc.constant('[1, "two"]'),
  quoted.map(q => `{ key = ${q}, ${q} = 1 }`),
  commentText.map(text => `<<EOT\n${text}\nEOT`),
);
const attribute = fc
  .tuple(
    fc.constantFrom('source', 'version', 'name', 'tags'),
    value,
    fc.option(comment),
  )
  // A heredoc's end marker must be alone on its line.
  .map(
    ([name, v, c]) =>
      `  ${name} = ${v}${c && !v.startsWith('<<') ? ` ${c}` : ''}\n`,
  );
const block = fc
  .tuple(
    fc.constantFrom('module', 'locals', 'terraform'),
    // Labels are literal strings: no templates.
    fc.array(
      fc.array(textChar, { maxLength: 8 }).map(parts => `"${parts.join('')}"`),
      { maxLength: 2 },
    ),
    fc.array(
      fc.oneof(
        attribute,
        comment.map(c => `  ${c}\n`),
      ),
      { maxLength: 6 },
    ),
  )
  .map(
    ([type, labels, body]) =>
      `${[type, ...labels].join(' ')} {\n${body.join('')}}\n`,
  );
const validHcl = fc
  .array(
    fc.oneof(
      block,
      comment.map(c => `${c}\n`),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map(parts => parts.join('\n'));

describe('parseHclTree', () => {
  let parser: Parser;

  beforeAll(async () => {
    parser = await createHclTreeParser();
  });

  function bothWays(text: string) {
    const fast = parseHclTree(parser, text);
    const whole = parser.parse(text)!;
    try {
      return {
        fast: nodesOf(fast),
        whole: nodesOf(whole),
        wholeHasError: whole.rootNode.hasError,
        literalParts: { fast: literalParts(fast), whole: literalParts(whole) },
      };
    } finally {
      fast.delete();
      whole.delete();
    }
  }

  it('gives the tree of a whole parse, positions included, while skipping plain strings', () => {
    for (const seed of SEEDS) {
      const { fast, whole, literalParts: parts } = bothWays(seed);
      expect(fast).toEqual(whole);
      // The plain strings were skipped: fewer literal parts than in the whole parse.
      expect(parts.fast).toBeLessThan(parts.whole);
    }
  });

  it('parses a file with a syntax error whole, so its errors are the same', () => {
    const broken =
      'module "a" {\n  source = "./a"\n  = = "x"\n}\nmodule "b" {\n  source = "./b"\n}\n';
    const { fast, whole, literalParts: parts } = bothWays(broken);
    expect(fast).toEqual(whole);
    expect(fast.some(node => node.startsWith('ERROR'))).toBe(true);
    expect(parts.fast).toBe(parts.whole);
  });

  it('gives the tree of a whole parse for a string with a NUL character, which ends the text for the parser', () => {
    // Found by the property below (seed -2087237935).
    const text =
      'module "vpc" {\n  source = "\u0000git::https://example.com/p.git//vpc"\n  version = "1.0"\n}\n\nmodule "sg" {\n  source = "./sg"\n}\n';
    const { fast, whole } = bothWays(text);
    expect(fast).toEqual(whole);
  });

  it('gives the tree of a whole parse for any edit of realistic files', () => {
    const runs = noThrowRuns(300);
    fc.assert(
      fc.property(mutatedDocuments(SEEDS, FRAGMENTS), text => {
        const { fast, whole } = bothWays(text);
        expect(fast).toEqual(whole);
      }),
      { numRuns: runs },
    );
  });

  it('gives the tree of a whole parse for generated valid files, skipping strings in many', () => {
    const runs = noThrowRuns(300);
    let skipping = 0;
    fc.assert(
      fc.property(validHcl, text => {
        const {
          fast,
          whole,
          wholeHasError,
          literalParts: parts,
        } = bothWays(text);
        expect(wholeHasError).toBe(false);
        expect(fast).toEqual(whole);
        if (parts.fast < parts.whole) {
          skipping += 1;
        }
      }),
      { numRuns: runs },
    );
    // Not vacuous: a string that needs the parser stops the skipping, so not all of them do.
    expect(skipping).toBeGreaterThan(runs / 4);
  });
});
