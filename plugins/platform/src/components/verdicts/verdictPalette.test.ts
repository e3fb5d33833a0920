import { createTheme, getContrastRatio } from '@mui/material/styles';
import {
  channelSkewVerdicts,
  driftVerdicts,
} from '@platform-portal/plugin-platform-common';
import { driftVerdictLook, skewVerdictLook } from './verdictPalette';

/** The app's page and card backgrounds in each theme (Backstage's light and dark palettes). */
const modes = [
  { mode: 'light', backgrounds: ['#f8f8f8', '#ffffff'] },
  { mode: 'dark', backgrounds: ['#333333', '#424242'] },
] as const;

function rgb(hex: string): number[] {
  return [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
}

describe.each(modes)('the verdict palette in the $mode theme', mode => {
  const theme = createTheme({ palette: { mode: mode.mode } });
  const looks = driftVerdicts.map(verdict => ({
    verdict,
    ...driftVerdictLook(verdict, theme),
  }));

  it('gives every drift verdict a colour of its own, clearly apart from the others', () => {
    for (const [i, a] of looks.entries()) {
      for (const b of looks.slice(i + 1)) {
        const [r1, g1, b1] = rgb(a.color);
        const [r2, g2, b2] = rgb(b.color);
        const distance = Math.hypot(r1 - r2, g1 - g2, b1 - b2);
        expect({
          pair: `${a.verdict}/${b.verdict}`,
          apart: distance >= 40,
        }).toEqual({ pair: `${a.verdict}/${b.verdict}`, apart: true });
      }
    }
  });

  it('keeps every verdict colour visible on the page (3:1) and its chip text readable (4.5:1)', () => {
    for (const look of [
      ...looks,
      ...channelSkewVerdicts.map(v => ({
        verdict: v,
        ...skewVerdictLook(v, theme),
      })),
    ]) {
      for (const background of mode.backgrounds) {
        expect([
          look.verdict,
          getContrastRatio(look.color, background) >= 3,
        ]).toEqual([look.verdict, true]);
      }
      expect([
        look.verdict,
        getContrastRatio(look.contrastText, look.color) >= 4.5,
      ]).toEqual([look.verdict, true]);
    }
  });

  it('marks the verdicts that need action with other shapes than the ones that do not', () => {
    expect(driftVerdictLook('up-to-date', theme).shape).toBe('circle');
    expect(driftVerdictLook('minor-behind', theme).shape).toBe('triangle');
    expect(driftVerdictLook('major-behind', theme).shape).toBe('diamond');
    expect(driftVerdictLook('unsupported', theme).shape).toBe('square');
  });

  it('gives skew verdicts the colours of the drift verdicts that mean the same', () => {
    expect(skewVerdictLook('in-sync', theme).color).toBe(
      driftVerdictLook('up-to-date', theme).color,
    );
    expect(skewVerdictLook('missing-publish', theme).color).toBe(
      driftVerdictLook('unsupported', theme).color,
    );
  });
});
