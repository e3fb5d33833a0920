import { countOf } from './plural';

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
