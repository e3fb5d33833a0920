import { ScanReport } from './ScanReport';

/** `value` as JSON indented by 2, itself `depth` levels deep. */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(
    /\n/g,
    `\n${'  '.repeat(depth)}`,
  );
}

/** References serialised at once, each batch in one call of JSON.stringify. */
const REFERENCE_BATCH = 500;
const BATCH_OPEN = '{\n  "references": [\n';
const BATCH_CLOSE = '\n  ]\n}';

/**
 * The elements of the report's `references`, as JSON.stringify indents them in the report: each
 * batch is serialised as the references of an object like the report, and cut out of it.
 */
function* referenceChunks(references: ScanReport['references']) {
  for (let from = 0; from < references.length; from += REFERENCE_BATCH) {
    const to = from + REFERENCE_BATCH;
    const json = JSON.stringify(
      { references: references.slice(from, to) },
      null,
      2,
    );
    yield json.slice(BATCH_OPEN.length, -BATCH_CLOSE.length);
    yield to < references.length ? ',\n' : '\n';
  }
}

/**
 * The report as JSON, in the shape documented by schema/scan-report.schema.json, in pieces: the
 * references a batch at a time, so that a report of many is written as it is serialised instead
 * of as one string. Joined, the pieces are `JSON.stringify(report, null, 2)`.
 */
export function* jsonChunks(report: ScanReport): Generator<string> {
  const fields: Array<[string, unknown]> = [
    ['schemaVersion', 1],
    ['platform', report.platform ?? null],
    ['filesScanned', report.filesScanned],
    ['references', report.references],
    ['problems', report.problems],
    ['requiredModules', report.requiredModules],
    ['channels', report.channels],
  ];
  const present = fields.filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [i, [name, value]] of present.entries()) {
    yield `  ${JSON.stringify(name)}: `;
    if (value === report.references && report.references.length > 0) {
      yield '[\n';
      yield* referenceChunks(report.references);
      yield '  ]';
    } else {
      yield indented(value, 1);
    }
    yield i + 1 < present.length ? ',\n' : '\n';
  }
  yield '}\n';
}

/** The report as JSON, in the shape documented by schema/scan-report.schema.json. */
export function formatJson(report: ScanReport): string {
  return [...jsonChunks(report)].join('');
}
