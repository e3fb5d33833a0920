import { terraformConverts } from './terraformConversion';

describe('terraformConverts', () => {
  it.each([
    ['string', 'eu-west-1', true],
    ['string', 5, true],
    ['string', false, true],
    ['string', null, false],
    ['string', ['a'], false],
    ['number', 5, true],
    ['number', '5', true],
    ['number', ' 2.5 ', true],
    ['number', '', false],
    ['number', 'five', false],
    ['number', true, false],
    ['bool', true, true],
    ['bool', 'false', true],
    ['bool', 'yes', false],
    ['bool', 1, false],
  ] as const)('takes %s from %j: %s', (kind, value, expected) => {
    expect(terraformConverts(kind, value)).toBe(expected);
  });
});
