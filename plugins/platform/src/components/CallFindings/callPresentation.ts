import {
  CallStatus,
  DriftRow,
  UpgradeSummary,
} from '@platform-portal/plugin-platform-common';

/** How a call status reads to people, as a filter option and a chip. */
export const callStatusLabels: Record<CallStatus, string> = {
  broken: 'Broken call',
  'breaking-upgrade': 'Breaking upgrade',
  ok: 'Call OK',
};

/** The call statuses, worst first: the order of the filter's options. */
export const callStatuses = Object.keys(callStatusLabels) as CallStatus[];

export function isCallStatus(value: string): value is CallStatus {
  return Object.prototype.hasOwnProperty.call(callStatusLabels, value);
}

/** The MUI palette colour of a call status. */
export function callStatusColor(
  status: CallStatus,
): 'error' | 'warning' | 'success' {
  if (status === 'broken') {
    return 'error';
  }
  return status === 'breaking-upgrade' ? 'warning' : 'success';
}

/** "upgrade to 2.1.1 needs `cidr` (new, required); `name` is removed" */
export function upgradeText(upgrade: UpgradeSummary): string {
  const [first, ...rest] = upgrade.needs;
  if (!upgrade.breaking || first === undefined) {
    return `upgrade to ${upgrade.to} needs no change to the call`;
  }
  // A need such as "`name` is removed" is a clause of its own, so it follows a colon.
  const head = first.startsWith('needs ') ? ` ${first}` : `: ${first}`;
  return `upgrade to ${upgrade.to}${head}${rest.map(n => `; ${n}`).join('')}`;
}

/** Sentences a person reads about a checked call: its findings, then its upgrade. */
export function callLines(
  row: Pick<DriftRow, 'callStatus' | 'callFindings' | 'upgrade' | 'version'>,
): string[] {
  const lines = (row.callFindings ?? []).map(finding => finding.message);
  if (row.upgrade) {
    const text = upgradeText(row.upgrade);
    lines.push(text.charAt(0).toUpperCase() + text.slice(1));
  }
  return lines;
}

/** The count of broken calls and of calls facing a breaking upgrade among rows. */
export function countCallStatuses(
  rows: Array<Pick<DriftRow, 'callStatus'>>,
): Record<CallStatus, number> {
  const counts: Record<CallStatus, number> = {
    broken: 0,
    'breaking-upgrade': 0,
    ok: 0,
  };
  for (const row of rows) {
    if (row.callStatus) {
      counts[row.callStatus] += 1;
    }
  }
  return counts;
}
