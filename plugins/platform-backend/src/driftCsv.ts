import { DriftRow } from '@internal/plugin-platform-common';
import { stringify } from 'csv-stringify/sync';

const COLUMNS: Array<keyof DriftRow> = [
  'entityRef',
  'owner',
  'system',
  'platform',
  'module',
  'environment',
  'kind',
  'file',
  'line',
  'source',
  'ref',
  'version',
  'latest',
  'releasesBehind',
  'verdict',
  'explanation',
  'scmUrl',
];

/** The header line of the drift export. */
export function driftCsvHeader(): string {
  return stringify([COLUMNS]);
}

/**
 * Lines of the drift export for these rows. A cell a spreadsheet would run as a formula starts
 * with `'`, so it is read as text: sources come from repositories anyone may write to.
 */
export function driftCsvLines(rows: DriftRow[]): string {
  return stringify(
    rows.map(row => COLUMNS.map(column => row[column])),
    { escape_formulas: true },
  );
}
