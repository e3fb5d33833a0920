import { ReplayTrial, TRIAL_LENGTH } from './replayTrial';

describe('ReplayTrial', () => {
  /** Whether the lookups of `lengths`, replayed where `replayed` says, fail a stretch. */
  function fails(lookups: Array<[number, boolean]>): boolean[] {
    const trial = new ReplayTrial();
    return lookups.map(([length, replayed]) =>
      trial.failsWith(length, replayed),
    );
  }

  it('judges a stretch only once it is long enough', () => {
    expect(fails([[TRIAL_LENGTH - 1, false]])).toEqual([false]);
    expect(
      fails([
        [TRIAL_LENGTH - 1, false],
        [1, false],
      ]),
    ).toEqual([false, true]);
  });

  it('fails a stretch of which less than half of the text was replayed, not one of half or more', () => {
    const quarter = TRIAL_LENGTH / 4;
    expect(
      fails([
        [quarter, false],
        [quarter, true],
        [quarter, false],
        [quarter, false],
      ]),
    ).toEqual([false, false, false, true]);
    expect(
      fails([
        [quarter, false],
        [quarter, true],
        [quarter, true],
        [quarter, false],
      ]),
    ).toEqual([false, false, false, false]);
  });

  it('judges each stretch on its own', () => {
    expect(
      fails([
        [TRIAL_LENGTH, true],
        [TRIAL_LENGTH, false],
        [TRIAL_LENGTH, true],
      ]),
    ).toEqual([false, true, false]);
  });
});
