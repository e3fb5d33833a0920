import {
  ChannelSkewVerdict,
  DriftVerdict,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { getContrastRatio, Theme } from '@mui/material/styles';

/** A verdict's colour on a light and on a dark page. */
interface ModeColors {
  light: string;
  dark: string;
}

/**
 * One colour per drift verdict, for chips, chart slices, bars and lines alike. Neighbouring
 * verdicts differ in hue and lightness; the light colours reach 3:1 against a white page and the
 * dark ones against a dark page (WCAG non-text contrast), and every chip and chart also names
 * its verdict in words and marks it with a shape, so no one has to tell colours apart.
 */
const DRIFT_COLORS: Record<DriftVerdict, ModeColors> = {
  'up-to-date': { light: '#2e7d32', dark: '#81c784' },
  'patch-behind': { light: '#00838f', dark: '#4dd0e1' },
  'minor-behind': { light: '#1565c0', dark: '#64b5f6' },
  'major-behind': { light: '#e65100', dark: '#ffb74d' },
  deprecated: { light: '#8e24aa', dark: '#ce93d8' },
  unsupported: { light: '#c62828', dark: '#ff5252' },
  unpinned: { light: '#795548', dark: '#d7a77a' },
  'unknown-version': { light: '#ad1457', dark: '#f48fb1' },
  'unknown-sha': { light: '#4527a0', dark: '#9fa8ff' },
  'unknown-module': { light: '#827717', dark: '#dce775' },
  unresolved: { light: '#455a64', dark: '#9fb8c8' },
  local: { light: '#757575', dark: '#e0e0e0' },
  external: { light: '#212121', dark: '#9e9e9e' },
};

/** Skew verdicts share the colours of the drift verdicts that mean the same to a team. */
const SKEW_COLORS: Record<ChannelSkewVerdict, ModeColors> = {
  'in-sync': DRIFT_COLORS['up-to-date'],
  lagging: DRIFT_COLORS['major-behind'],
  'missing-publish': DRIFT_COLORS.unsupported,
  unreachable: DRIFT_COLORS.unresolved,
};

/** The shape that marks a verdict next to its colour, by how much it matters. */
export type VerdictShape = 'circle' | 'triangle' | 'diamond' | 'square';

const SHAPES_BY_SEVERITY: VerdictShape[] = [
  'circle',
  'triangle',
  'triangle',
  'diamond',
  'square',
];

/** A verdict's colour, its shape and the text that reads on the colour. */
export interface VerdictLook {
  color: string;
  /** Black or white, whichever contrasts more with `color`. */
  contrastText: string;
  shape: VerdictShape;
}

function look(colors: ModeColors, shape: VerdictShape, theme: Theme) {
  const color = theme.palette.mode === 'dark' ? colors.dark : colors.light;
  const { black, white } = theme.palette.common;
  return {
    color,
    contrastText:
      getContrastRatio(color, white) >= getContrastRatio(color, black)
        ? white
        : black,
    shape,
  };
}

/** How a drift verdict looks in the theme: the same on chips and on charts. */
export function driftVerdictLook(
  verdict: DriftVerdict,
  theme: Theme,
): VerdictLook {
  return look(
    DRIFT_COLORS[verdict],
    SHAPES_BY_SEVERITY[verdictSeverity(verdict)] ?? 'circle',
    theme,
  );
}

const SKEW_SHAPES: Record<ChannelSkewVerdict, VerdictShape> = {
  'in-sync': 'circle',
  lagging: 'diamond',
  'missing-publish': 'square',
  unreachable: 'triangle',
};

/** How a release channel skew verdict looks in the theme. */
export function skewVerdictLook(
  verdict: ChannelSkewVerdict,
  theme: Theme,
): VerdictLook {
  return look(SKEW_COLORS[verdict], SKEW_SHAPES[verdict], theme);
}
