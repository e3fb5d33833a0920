import {
  DriftRow,
  promotionLagWords,
} from '@platform-portal/plugin-platform-common';
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
  'callStatus',
  'callFindings',
  'upgrade',
  'promotionLag',
  'openUpgrade',
];

/**
 * A cell as a spreadsheet shows it: the call's findings, its upgrade, the promotion lag and the
 * open upgrade change as sentences.
 */
function cell(row: DriftRow, column: keyof DriftRow): unknown {
  switch (column) {
    case 'callFindings':
      return row.callFindings?.map(finding => finding.message).join('; ');
    case 'upgrade': {
      const upgrade = row.upgrade;
      if (!upgrade) {
        return undefined;
      }
      const judgement = upgrade.breaking ? 'breaking' : 'not breaking';
      return `to ${upgrade.to}, ${judgement}${
        upgrade.needs.length ? `: ${upgrade.needs.join('; ')}` : ''
      }`;
    }
    case 'promotionLag':
      return row.promotionLag && promotionLagWords(row.promotionLag);
    case 'openUpgrade': {
      const change = row.openUpgrade;
      return change && `to ${change.version} on ${change.url ?? change.branch}`;
    }
    default:
      return row[column];
  }
}

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
    rows.map(row => COLUMNS.map(column => cell(row, column))),
    { escape_formulas: true },
  );
}
