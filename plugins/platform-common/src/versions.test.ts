import fc from 'fast-check';
import { compare } from 'semver';
import {
  formatTag,
  isValidTagPattern,
  latestVersion,
  normalizeVersion,
  parseTagVersion,
  releasesBetween,
  sortVersions,
} from './versions';

describe('parseTagVersion', () => {
  it.each([
    ['vpc/v1.2.0', 'vpc/v{version}', '1.2.0'],
    ['vpc/1.2.0', 'vpc/v{version}', '1.2.0'],
    ['vpc-v1.2.0', 'vpc-v{version}', '1.2.0'],
    ['vpc-1.2.0', 'vpc-v{version}', '1.2.0'],
    ['v1.2.0', 'v{version}', '1.2.0'],
    ['1.2.0', 'v{version}', '1.2.0'],
    ['1.2.0', '{version}', '1.2.0'],
    ['v1.2.0', '{version}', '1.2.0'],
    ['vpc/v2.0.0-rc.1', 'vpc/v{version}', '2.0.0-rc.1'],
    ['vpc/v1.2.0+build.7', 'vpc/v{version}', '1.2.0'],
    ['release-1.2.0-final', 'release-{version}-final', '1.2.0'],
    ['a.b/v1.0.0', 'a.b/v{version}', '1.0.0'],
  ])('reads %s under %s as %s', (tag, pattern, version) => {
    expect(parseTagVersion(tag, pattern)).toBe(version);
  });

  it.each([
    ['eks/v1.2.0', 'vpc/v{version}'],
    ['vpc-v1.2.0', 'vpc/v{version}'],
    ['vpc/v1.2.0', 'v{version}'],
    ['vpc/v1.2.0', '{version}'],
    ['axb/v1.0.0', 'a.b/v{version}'],
    ['myvpc/v1.2.0', 'vpc/v{version}'],
    ['vpc/v1.2', 'vpc/v{version}'],
    ['v3', 'v{version}'],
    ['vpc/vv1.2.0', 'vpc/v{version}'],
    ['vpc/v01.2.0', 'vpc/v{version}'],
    ['vpc/v1.2.0 ', 'vpc/v{version}'],
    ['main', '{version}'],
    ['vpc/v1.2.0', 'vpc/v'],
    ['vpc/v1.2.0', '{version}/{version}'],
  ])('does not read %s under %s', (tag, pattern) => {
    expect(parseTagVersion(tag, pattern)).toBeNull();
  });

  it('round-trips every version through formatTag', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'vpc/v{version}',
          'vpc-v{version}',
          'v{version}',
          '{version}',
        ),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (pattern, major, minor, patch) => {
          const version = `${major}.${minor}.${patch}`;
          expect(parseTagVersion(formatTag(pattern, version), pattern)).toBe(
            version,
          );
        },
      ),
    );
  });
});

describe('isValidTagPattern', () => {
  it('needs exactly one {version}', () => {
    expect(isValidTagPattern('vpc/v{version}')).toBe(true);
    expect(isValidTagPattern('vpc/v')).toBe(false);
    expect(isValidTagPattern('{version}-{version}')).toBe(false);
  });
});

describe('normalizeVersion', () => {
  it('accepts full versions with an optional v', () => {
    expect(normalizeVersion('v1.2.3')).toBe('1.2.3');
    expect(normalizeVersion('1.2.3-rc.1+b')).toBe('1.2.3-rc.1');
    expect(normalizeVersion('1.2')).toBeUndefined();
    expect(normalizeVersion('=1.2.3')).toBeUndefined();
    expect(normalizeVersion(' 1.2.3')).toBeUndefined();
  });
});

describe('sortVersions', () => {
  it('sorts by semver, drops invalid versions and duplicates', () => {
    expect(
      sortVersions([
        '1.10.0',
        'v1.2.0',
        '1.2.0',
        '1.9.0',
        'main',
        '1.10.0-rc.1',
      ]),
    ).toEqual(['1.2.0', '1.9.0', '1.10.0-rc.1', '1.10.0']);
  });

  it('gives an ascending list for any input', () => {
    const version = fc
      .tuple(fc.nat(20), fc.nat(20), fc.nat(20))
      .map(([a, b, c]) => `${a}.${b}.${c}`);
    fc.assert(
      fc.property(fc.array(version), versions => {
        const sorted = sortVersions(versions);
        for (let i = 1; i < sorted.length; i++) {
          expect(compare(sorted[i - 1], sorted[i])).toBe(-1);
        }
        expect(new Set(sorted)).toEqual(new Set(versions));
      }),
    );
  });
});

describe('latestVersion', () => {
  it('is the highest non-prerelease version', () => {
    expect(latestVersion(['1.2.0', '1.10.0', '2.0.0-rc.1', '1.9.9'])).toBe(
      '1.10.0',
    );
  });

  it('is undefined without releases', () => {
    expect(latestVersion([])).toBeUndefined();
    expect(latestVersion(['2.0.0-rc.1', 'main'])).toBeUndefined();
  });
});

describe('releasesBetween', () => {
  const all = [
    '1.0.0',
    '1.1.0',
    '1.2.0-rc.1',
    '1.2.0',
    '1.2.1',
    '2.0.0',
    '2.1.0-beta.1',
  ];

  it('counts releases after pinned up to and including latest', () => {
    expect(releasesBetween('1.0.0', '2.0.0', all)).toBe(4);
    expect(releasesBetween('1.2.0', '1.2.1', all)).toBe(1);
    expect(releasesBetween('2.0.0', '2.0.0', all)).toBe(0);
  });

  it('counts from a prerelease or a version that is not in the list', () => {
    expect(releasesBetween('1.2.0-rc.1', '1.2.1', all)).toBe(2);
    expect(releasesBetween('1.1.5', '2.0.0', all)).toBe(3);
  });

  it('is zero for invalid versions or when pinned is newer', () => {
    expect(releasesBetween('main', '2.0.0', all)).toBe(0);
    expect(releasesBetween('2.0.0', '1.0.0', all)).toBe(0);
  });
});
