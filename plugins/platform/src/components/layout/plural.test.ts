import { compactCount, countOf, formatCount } from './plural';

describe('countOf', () => {
  it.each([
    [0, 'service', undefined, '0 services'],
    [1, 'service', undefined, '1 service'],
    [2, 'service', undefined, '2 services'],
    [1, 'repository', 'repositories', '1 repository'],
    [12, 'repository', 'repositories', '12 repositories'],
    [1500, 'reference', undefined, '1,500 references'],
  ])('%d %s', (count, one, other, expected) => {
    expect(countOf(count, one, other)).toBe(expected);
  });
});

describe('formatCount and compactCount', () => {
  it.each([
    [7, '7', '7'],
    [999, '999', '999'],
    [39302, '39,302', '39.3K'],
    [426619, '426,619', '427K'],
    [1234567, '1,234,567', '1.23M'],
  ])('%d', (count, full, short) => {
    expect(formatCount(count)).toBe(full);
    expect(compactCount(count)).toBe(short);
  });
});
