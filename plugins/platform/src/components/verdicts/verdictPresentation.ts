import { DriftVerdict } from '@platform-portal/plugin-platform-common';

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

/** Verdicts that need no action, hidden from the drift report unless asked for. */
export const quietVerdicts: readonly DriftVerdict[] = ['local', 'external'];
