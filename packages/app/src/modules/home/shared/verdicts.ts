import { Theme } from '@material-ui/core/styles';

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
