import {
  DriftVerdict,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';

/**
 * How a verdict reads to people, the same words wherever a verdict is shown.
 *
 * @public
 */
export const verdictLabels: Record<DriftVerdict, string> = {
  'up-to-date': 'Up to date',
  'patch-behind': 'Patch behind',
  'minor-behind': 'Minor behind',
  'major-behind': 'Major behind',
  unsupported: 'Unsupported',
  deprecated: 'Deprecated',
  unpinned: 'Unpinned',
  'unknown-sha': 'Unknown SHA',
  'unknown-version': 'Unknown version',
  'unknown-module': 'Unknown module',
  local: 'Local',
  unresolved: 'Unresolved',
  external: 'Not a platform module',
};

/**
 * The MUI palette colour of a verdict, by how much it matters: several verdicts share one. Chips
 * and charts that tell verdicts apart take `driftVerdictLook`, one colour and shape per verdict.
 */
export type VerdictColor = 'success' | 'info' | 'warning' | 'error' | 'default';

export function verdictColor(verdict: DriftVerdict): VerdictColor {
  if (verdict === 'local' || verdict === 'external') {
    return 'default';
  }
  return (['success', 'info', 'warning', 'warning', 'error'] as const)[
    verdictSeverity(verdict)
  ];
}

/** Verdicts that need no action, hidden from the drift report unless asked for. */
export const quietVerdicts: readonly DriftVerdict[] = ['local', 'external'];
