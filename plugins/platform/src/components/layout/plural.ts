const rules = new Intl.PluralRules('en-US');

/**
 * A count with its noun in the right number: `countOf(1, 'service')` is "1 service",
 * `countOf(2, 'service')` "2 services"; nouns whose plural is not just an added "s" give it.
 */
export function countOf(count: number, one: string, other = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${
    rules.select(count) === 'one' ? one : other
  }`;
}
