import { describeChannel } from '../channels/describeChannel';
import { escapeControlCharacters } from './escapeControlCharacters';
import { ScanReport } from './ScanReport';

const columns = [
  'LOCATION',
  'KIND',
  'NAME',
  'REF',
  'VERSION',
  'LATEST',
  'VERDICT',
  'CALL',
] as const;

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * A plain-text table for a terminal, followed by what is wrong with the module calls (a `call`
 * line per finding against the pinned release, an `upgrade` line per call its upgrade would
 * break, with what it needs), the problems and a one-line summary. File
 * names and values come from the scanned tree and the platform, so control and bidi characters
 * in them are escaped: no cell can start a line of its own or rewrite another in a CI log.
 */
export function formatTable(report: ScanReport): string {
  return [...tableChunks(report)].join('');
}

/** formatTable's lines one at a time, so that a large table is written as it is made. */
export function* tableChunks(report: ScanReport): Generator<string> {
  const safe = escapeControlCharacters;
  const rows = report.references.map(r => [
    safe(`${r.file}:${r.line}`),
    safe(r.kind),
    truncate(safe(r.name), 60),
    truncate(safe(r.ref ?? '-'), 24),
    safe(r.version ?? '-'),
    safe(r.latest ?? '-'),
    safe(r.verdict ?? '-'),
    r.callStatus ?? '-',
  ]);
  const widths = columns.map((title, i) =>
    Math.max(title.length, ...rows.map(row => row[i].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();

  if (rows.length > 0) {
    yield `${line(columns)}\n`;
    for (const row of rows) {
      yield `${line(row)}\n`;
    }
  }
  for (const r of report.references) {
    const at = safe(`${r.file}:${r.line}`);
    const what = safe(r.module ?? r.name);
    for (const finding of r.callFindings ?? []) {
      yield `call     ${at}  ${what}: ${safe(finding.message)}\n`;
    }
    if (r.upgrade && r.upgrade.needs.length > 0) {
      yield `upgrade  ${at}  ${what} to ${safe(r.upgrade.to)}: ${safe(
        r.upgrade.needs.join('; '),
      )}\n`;
    }
  }
  for (const problem of report.problems) {
    const at = problem.line ? `${problem.file}:${problem.line}` : problem.file;
    yield `problem  ${safe(at)}  ${safe(problem.message)}\n`;
  }
  for (const finding of report.requiredModules ?? []) {
    yield `required ${safe(finding.message)}\n`;
  }
  for (const channel of report.channels ?? []) {
    yield `channel  ${safe(channel.module)}: ${safe(
      describeChannel(channel),
    )}\n`;
  }
  const counts = new Map<string, number>();
  for (const r of report.references) {
    const key = r.verdict ?? 'found';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ');
  const calls = (status: string) =>
    report.references.filter(r => r.callStatus === status).length;
  const [broken, breaking] = [calls('broken'), calls('breaking-upgrade')];
  const count = (n: number, one: string, many: string) =>
    `${n} ${n === 1 ? one : many}`;
  const details = [
    summary ? ` (${summary})` : '',
    broken ? `, ${count(broken, 'call', 'calls')} broken` : '',
    breaking
      ? `, ${count(breaking, 'call', 'calls')} facing a breaking upgrade`
      : '',
    report.problems.length
      ? `, ${count(report.problems.length, 'problem', 'problems')}`
      : '',
    report.requiredModules?.length
      ? `, ${count(
          report.requiredModules.length,
          'required module',
          'required modules',
        )} missing or outside the required releases`
      : '',
    report.platform ? '' : '; no --platform given, so no verdicts',
  ].join('');
  yield `${count(
    report.references.length,
    'reference',
    'references',
  )} in ${count(report.filesScanned, 'file', 'files')}${details}\n`;
}
