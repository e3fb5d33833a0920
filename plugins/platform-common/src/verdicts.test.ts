import { driftVerdicts, isDriftVerdict, verdictSeverity } from './verdicts';

describe('verdicts', () => {
  it('lists verdicts from least to most severe', () => {
    const severities = driftVerdicts.map(verdictSeverity);
    expect([...severities].sort((a, b) => a - b)).toEqual(severities);
    expect(verdictSeverity('up-to-date')).toBe(0);
    expect(verdictSeverity('patch-behind')).toBeLessThan(
      verdictSeverity('minor-behind'),
    );
    expect(verdictSeverity('major-behind')).toBeLessThan(
      verdictSeverity('unsupported'),
    );
  });

  it('recognises verdict names and nothing else', () => {
    expect(isDriftVerdict('minor-behind')).toBe(true);
    expect(isDriftVerdict('minor')).toBe(false);
    expect(isDriftVerdict('')).toBe(false);
  });
});
