import { ScanReport } from './ScanReport';

/** `value` as JSON indented by 2, itself `depth` levels deep. */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(
    /\n/g,
    `\n${'  '.repeat(depth)}`,
  );
}

/**
 * The report as JSON, in the shape documented by schema/scan-report.schema.json, in pieces: the
 * references one at a time, so that a report of many is written as it is serialised instead of
 * as one string. Joined, the pieces are `JSON.stringify(report, null, 2)`.
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
      for (const [j, entry] of report.references.entries()) {
        yield `    ${indented(entry, 2)}${
          j + 1 < report.references.length ? ',\n' : '\n'
        }`;
      }
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
