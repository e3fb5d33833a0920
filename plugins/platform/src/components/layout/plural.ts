const rules = new Intl.PluralRules('en-US');
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/** A count as the pages write it, with thousands separated: "426,619". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * A count shortened to three digits, for where a chart has room for a few characters only (a
 * slice's label, an axis tick): "427K". The full count is in the chart's summary and legend.
 */
export function compactCount(count: number): string {
  return compact.format(count);
}

/**
 * A count with its noun in the right number: `countOf(1, 'service')` is "1 service",
 * `countOf(2, 'service')` "2 services"; nouns whose plural is not just an added "s" give it.
 */
export function countOf(count: number, one: string, other = `${one}s`): string {
  return `${formatCount(count)} ${rules.select(count) === 'one' ? one : other}`;
}
