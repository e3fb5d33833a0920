/**
 * Seeded generators of YAML documents and files that hold comment lines and blank lines in every
 * place the composer may give them to a node, or to none: at each column around each line, after
 * markers, at the ends of documents and of the file.
 */

import { Random } from './seededRandom';

/** Comment texts after the `#`, mostly ones a line-by-line reader may take. */
const PLAIN_COMMENTS = [
  '',
  ' c',
  'c',
  '  two  spaces',
  ' Source: chart/templates/db.yaml',
  ' a: b',
  ' - x',
  '---',
  '...',
  '# c',
  ' "q"',
  "'",
  '!',
  ' ~',
];
/** Comment texts the lexer reads with more to them: tabs, trailing spaces, non-ASCII. */
const ODD_COMMENTS = [
  '\t',
  '\tc',
  ' c\t',
  ' c ',
  ' c  ',
  ' ',
  '  ',
  ' é',
  ' 日本',
  '\u00a0',
  ' c\u00a0',
  ' \u2028',
  ' c\r',
  '\r',
];
/** Lines that hold nothing but white space. */
const BLANK_LINES = ['', '', '', ' ', '  ', '\t', ' \t', '\r'];

/**
 * How likely each kind of line is: `odd` the chance of a comment or blank line the lexer reads
 * with more to it, `between` the chance of lines between two lines at all.
 */
export interface Odds {
  odd: number;
  between: number;
  /** The chance that the comments between two lines stand at the next line's column. */
  aligned: number;
}

/** A comment line with its `#` at `column`. */
function commentLine(r: Random, column: number, odds: Odds): string {
  const text = r.chance(odds.odd)
    ? r.pick(ODD_COMMENTS)
    : r.pick(PLAIN_COMMENTS);
  return `${' '.repeat(Math.max(0, column))}#${text}`;
}

/**
 * Comment and blank lines before a line at `next`, after one at `previous`, inside collections
 * at `columns`: at the next line's column mostly, and at every other column that may matter.
 */
export function linesBefore(
  r: Random,
  next: number,
  previous: number,
  columns: readonly number[],
  odds: Odds,
): string[] {
  if (!r.chance(odds.between)) {
    return [];
  }
  const lines: string[] = [];
  // Mostly every comment at one column, the next line's or another.
  const aligned = r.chance(odds.aligned);
  const at = r.chance(odds.aligned) ? next : r.pick([0, previous, ...columns]);
  for (let n = 1 + r.below(4); n > 0; n--) {
    if (r.chance(0.3)) {
      // Spaces alone, at any column, are a blank line to the lexer too.
      lines.push(
        r.chance(odds.odd)
          ? r.pick(BLANK_LINES)
          : ' '.repeat(r.chance(0.7) ? 0 : r.below(7)),
      );
      continue;
    }
    const column = aligned
      ? at
      : r.pick([
          0,
          previous,
          previous + 2,
          next + 1,
          next + 2,
          next - 1,
          next - 2,
          ...columns,
        ]);
    lines.push(commentLine(r, column, odds));
  }
  return lines;
}

const KEYS = ['name', 'kind', 'a', 'b', 'spec', 'x1', 'a.b', 'a-b', '_k', 'c'];
const VALUES = [
  'x',
  'abc',
  'db-aws',
  'acme.io/v1',
  '12',
  '0',
  'a b',
  '"x"',
  "'s t'",
  '"a #b"',
];
/** Values a line-by-line reader may leave to the library: other types, a `#` after text. */
const ODD_VALUES = ['v#x', 'true', '~', '1.5', ''];
/** What may follow a value on its line. */
const AFTER_VALUES = [' # c', '  #c', ' #', ' #\tc', ' # c ', ' # é', '\t# c'];

function value(r: Random, odds: Odds): string {
  const text = r.chance(odds.odd) ? r.pick(ODD_VALUES) : r.pick(VALUES);
  return r.chance(odds.between / 3)
    ? `${text}${
        r.chance(odds.odd)
          ? r.pick(AFTER_VALUES)
          : r.pick(AFTER_VALUES.slice(0, 2))
      }`
    : text;
}

interface Context {
  r: Random;
  odds: Odds;
  lines: string[];
  /** The column of the line written last. */
  previous: number;
}

function push(cx: Context, line: string, indent: number, columns: number[]) {
  cx.lines.push(...linesBefore(cx.r, indent, cx.previous, columns, cx.odds));
  cx.lines.push(line);
  cx.previous = indent;
}

function mapping(
  cx: Context,
  indent: number,
  depth: number,
  columns: number[],
  first?: string,
) {
  const { r } = cx;
  const count = 1 + r.below(4);
  const keys = r.pick([KEYS, KEYS.slice(1), KEYS.slice(3)]);
  const inside = [...columns, indent];
  for (let i = 0; i < count; i++) {
    const pad = i === 0 && first !== undefined ? first : ' '.repeat(indent);
    const column = i === 0 && first !== undefined ? indent - 2 : indent;
    const key = keys[i];
    const form = depth > 0 ? r.below(4) : 0;
    if (form === 2) {
      push(cx, `${pad}${key}:`, column, inside);
      sequence(cx, indent + r.below(2) * 2, depth - 1, inside);
    } else if (form === 3) {
      push(cx, `${pad}${key}:`, column, inside);
      mapping(cx, indent + 2 + r.below(2) * 2, depth - 1, inside);
    } else {
      push(cx, `${pad}${key}: ${value(r, cx.odds)}`, column, inside);
    }
  }
}

function sequence(
  cx: Context,
  indent: number,
  depth: number,
  columns: number[],
) {
  const { r } = cx;
  const pad = ' '.repeat(indent);
  const inside = [...columns, indent];
  for (let count = 1 + r.below(4); count > 0; count--) {
    if (depth > 0 && r.chance(0.5)) {
      mapping(cx, indent + 2, depth - 1, inside, `${pad}- `);
    } else {
      push(cx, `${pad}- ${value(r, cx.odds)}`, indent, inside);
    }
  }
}

/** How a document starts: a marker, as `helm template` writes it or otherwise, or none. */
const MARKERS = [
  '---\n',
  '---\n',
  '---\n# Source: chart/templates/db.yaml\n',
  '---\n# Source: chart/templates/db.yaml\n',
  '--- # c\n',
  '---\n\n',
  '---\n#\n',
  '---\n  # c\n',
];

/**
 * A document's text ending in a line break, with `---` before it unless `bare`, and comment and
 * blank lines between its lines and at its end, or after a `...` that ends it.
 */
export function commentedDocument(r: Random, odds: Odds, bare = false): string {
  const cx: Context = { r, odds, lines: [], previous: 0 };
  const depth = r.below(4);
  if (r.chance(0.2)) {
    sequence(cx, 0, depth, []);
  } else {
    mapping(cx, 0, depth, []);
  }
  // At the end: after the last item of the collections the last line closes, at their columns.
  const end = linesBefore(
    r,
    r.pick([0, 2, 4, cx.previous]),
    cx.previous,
    [],
    odds,
  );
  // A comment at the end is the document's, or a collection's: mostly blank lines there.
  cx.lines.push(
    ...(r.chance(odds.between / 2)
      ? end
      : end.filter(line => !line.includes('#'))),
  );
  if (r.chance(odds.between / 4)) {
    cx.lines.push('...');
    cx.lines.push(...linesBefore(r, 0, 0, [], { ...odds, between: 0.7 }));
  }
  const marker = bare
    ? ''
    : r.pick(r.chance(odds.aligned) ? MARKERS.slice(0, 4) : MARKERS);
  return `${marker}${cx.lines.join('\n')}\n`;
}

/** What may follow the last document of a file: nothing, comments, blank lines, no line break. */
const FILE_ENDS = [
  '',
  '',
  '# end',
  '# end\n',
  '\n# end',
  '  # end\n',
  '#',
  '\n\n',
  '...\n# end\n',
];

/**
 * A file of `count` documents: each drawn anew, or, as `helm template` writes them, a few
 * templates with `# Source:` after each marker whose values differ from document to document.
 * Sometimes with CRLF line breaks, a byte order mark, or without a final line break.
 */
export function commentedFile(r: Random, odds: Odds, count: number): string {
  const templates = r.chance(0.3)
    ? Array.from({ length: 1 + r.below(4) }, () =>
        commentedDocument(r, odds, true),
      )
    : undefined;
  const parts: string[] = [];
  for (let d = 0; d < count; d++) {
    if (templates) {
      const source = `---\n# Source: chart/templates/${r.pick([
        'db',
        'app',
        'x',
      ])}.yaml\n`;
      parts.push(
        `${source}${r
          .pick(templates)
          .replace(/: (x|abc|12)$/gm, () => `: ${r.pick(VALUES)}`)}`,
      );
    } else {
      parts.push(commentedDocument(r, odds, d === 0 && r.chance(0.5)));
    }
  }
  let content = parts.join('') + r.pick(FILE_ENDS);
  if (r.chance(0.05)) {
    content = content.replace(/\n/g, '\r\n');
  }
  if (r.chance(0.1)) {
    content = content.replace(/\n$/, '');
  }
  if (r.chance(0.03)) {
    content = `\uFEFF${content}`;
  }
  return content;
}

/**
 * `lines` of a document (without comment lines) with comment and blank lines drawn before each,
 * as {@link linesBefore} draws them for its column.
 */
export function withLinesBetween(
  r: Random,
  lines: readonly string[],
  odds: Odds,
): string[] {
  const out: string[] = [];
  let previous = 0;
  for (const line of lines) {
    const indent = /^ */.exec(line)![0].length;
    out.push(...linesBefore(r, indent, previous, [], odds), line);
    previous = indent;
  }
  return out;
}
