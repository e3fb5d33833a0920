import { Theme } from '@material-ui/core/styles';
import type { DriftVerdict } from '@internal/plugin-platform-common';

/** How a verdict reads to people; the same words as the drift report. */
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
 * The colour of a verdict's marker by its severity (0 nothing to do … 4 must act). Only the
 * marker is coloured: the label keeps the text colour, so it reads in both themes.
 */
export function severityColor(theme: Theme, severity: number): string {
  const { palette } = theme;
  if (severity >= 4) return palette.error.main;
  if (severity >= 2) return palette.warning.main;
  if (severity === 1) return palette.info.main;
  return palette.success.main;
}
