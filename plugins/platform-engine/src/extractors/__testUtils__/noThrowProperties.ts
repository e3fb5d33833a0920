import fc from 'fast-check';
import {
  ExtractResult,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';

// The harness shared by the extractors' property-based tests: arbitrary and mutated input, and
// the check that an extractor neither throws nor reports a position outside the file.

/** Any UTF-16 code unit, lone surrogates included. */
export const codeUnit = fc
  .integer({ min: 0, max: 0xffff })
  .map(code => String.fromCharCode(code));

/**
 * Fragments every text format's reader must survive: line ends, blanks, a byte order mark, NUL,
 * a lone surrogate and a character outside the basic plane.
 */
export const TEXT_FRAGMENTS = [
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '\uFEFF',
  '\u0000',
  '\uD800',
  '😀',
];

type Mutation =
  | { type: 'insert'; at: number; text: string }
  | { type: 'delete'; at: number; length: number }
  | { type: 'duplicate'; at: number; length: number }
  | { type: 'truncate'; at: number };

function mutationOf(fragments: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({
      type: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(
        fc.constantFrom(...fragments),
        fc.string({ unit: 'binary', maxLength: 8 }),
      ),
    }),
    fc.record({
      type: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
    fc.record({
      type: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 80 }),
    }),
    fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
  );
}

function mutate(seed: string, mutations: Mutation[]): string {
  return mutations.reduce((text, m) => {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.type) {
      case 'insert':
        return text.slice(0, at) + m.text + text.slice(at);
      case 'delete':
        return text.slice(0, at) + text.slice(at + m.length);
      case 'duplicate':
        return text.slice(0, at + m.length) + text.slice(at);
      default:
        return text.slice(0, at);
    }
  }, seed);
}

/**
 * One of the seeds after one to six random edits: insertions (of a fragment or random text),
 * deletions, duplications and truncations.
 */
export function mutatedDocuments(
  seeds: readonly string[],
  fragments: readonly string[],
): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(mutationOf(fragments), { minLength: 1, maxLength: 6 }),
    )
    .map(([seed, mutations]) => mutate(seed, mutations));
}

/** How many inputs a property checks: `NO_THROW_RUNS` when set, otherwise `defaultRuns`. */
export function noThrowRuns(defaultRuns: number): number {
  return Number(process.env.NO_THROW_RUNS ?? defaultRuns);
}

function checkResult(
  result: ExtractResult,
  path: string,
  content: string,
  thrown: RegExp,
): void {
  const lines = content.split('\n');
  const within = (line: number, column: number) =>
    Number.isInteger(line) &&
    Number.isInteger(column) &&
    line >= 1 &&
    line <= lines.length &&
    column >= 1 &&
    column <= lines[line - 1].length + 1;

  expect(Array.isArray(result.references)).toBe(true);
  expect(Array.isArray(result.problems)).toBe(true);
  for (const reference of result.references) {
    expect(reference.position.file).toBe(path);
    if (!within(reference.position.line, reference.position.column)) {
      throw new Error(
        `position ${reference.position.line}:${reference.position.column} is outside the file`,
      );
    }
  }
  for (const problem of result.problems) {
    expect(problem.file).toBe(path);
    expect(problem.message).not.toMatch(thrown);
    if (
      problem.line !== undefined &&
      !within(problem.line, problem.column ?? 1)
    ) {
      throw new Error(
        `problem position ${problem.line}:${problem.column} is outside the file`,
      );
    }
  }
}

/**
 * A check that asserts, over `runs` inputs, that an extractor returns well-formed results for
 * the file at `path`: positions within the file, and no problem matching `thrown` (the messages
 * of the last-resort catch blocks, whose presence means something threw). The check returns how
 * many inputs it checked.
 */
export function noThrowChecker(options: {
  runs: number;
  thrown: RegExp;
}): (
  input: fc.Arbitrary<string>,
  extractor: ReferenceExtractor,
  path: string,
) => number {
  const { runs, thrown } = options;
  return (input, extractor, path) => {
    let checked = 0;
    fc.assert(
      fc.property(input, content => {
        checkResult(
          extractor.extract({ path, content }),
          path,
          content,
          thrown,
        );
        checked += 1;
      }),
      { numRuns: runs },
    );
    return checked;
  };
}
