import { defaultComparison, defaultRelease } from './releasePairs';

describe('defaultComparison', () => {
  it('compares the newest release of the previous major with the latest', () => {
    expect(
      defaultComparison({
        latest: '2.1.1',
        versions: ['3.0.0-rc.1', '2.1.1', '2.0.0', '1.4.0', '1.3.2', '0.9.0'],
      }),
    ).toEqual({ from: '1.4.0', to: '2.1.1' });
  });

  it('compares with the release before the latest when there is one major', () => {
    expect(
      defaultComparison({ latest: '1.4.0', versions: ['1.4.0', '1.3.2'] }),
    ).toEqual({ from: '1.3.2', to: '1.4.0' });
  });

  it('skips a prerelease of an older major', () => {
    expect(
      defaultComparison({
        latest: '2.0.0',
        versions: ['2.0.0', '2.0.0-rc.1', '1.9.0'],
      }),
    ).toEqual({ from: '1.9.0', to: '2.0.0' });
  });

  it('has nothing to compare with one release or none', () => {
    expect(defaultComparison({ latest: '1.0.0', versions: ['1.0.0'] })).toBe(
      undefined,
    );
    expect(defaultComparison({ versions: [] })).toBe(undefined);
  });

  it('compares prereleases when a module has nothing else', () => {
    expect(
      defaultComparison({ versions: ['1.0.0-rc.2', '1.0.0-rc.1'] }),
    ).toEqual({ from: '1.0.0-rc.1', to: '1.0.0-rc.2' });
  });
});

describe('defaultRelease', () => {
  it('is the latest release, or the newest prerelease without one', () => {
    expect(
      defaultRelease({ latest: '2.1.1', versions: ['3.0.0-rc.1', '2.1.1'] }),
    ).toBe('2.1.1');
    expect(defaultRelease({ versions: ['1.0.0-rc.1'] })).toBe('1.0.0-rc.1');
    expect(defaultRelease({ versions: [] })).toBe(undefined);
  });
});
