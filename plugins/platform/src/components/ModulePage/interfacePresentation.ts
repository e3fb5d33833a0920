import { InterfaceChange } from '@platform-portal/plugin-platform-common';

/** How each kind of change reads in the comparison table. */
export const changeLabels: Record<InterfaceChange['change'], string> = {
  'input-added': 'Input added',
  'input-removed': 'Input removed',
  'input-type-changed': 'Input type changed',
  'input-default-changed': 'Input default changed',
  'input-became-required': 'Input now required',
  'input-became-optional': 'Input now optional',
  'output-added': 'Output added',
  'output-removed': 'Output removed',
  'secret-added': 'Secret added',
  'secret-removed': 'Secret removed',
  'secret-became-required': 'Secret now required',
  'secret-became-optional': 'Secret now optional',
  'version-not-served': 'Version no longer served',
  'version-not-referenceable': 'Version no longer referenceable',
  'property-removed': 'Property removed',
  'property-became-required': 'Property now required',
};

/**
 * A default or enum value as it would be written: JSON for literals, so that a string shows
 * its quotes and an empty list shows as `[]`.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) {
    return '—';
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "Breaking: 2 changes" or "No breaking changes", the headline of a comparison. */
export function diffHeadline(changes: Pick<InterfaceChange, 'breaking'>[]) {
  const breaking = changes.filter(c => c.breaking).length;
  return breaking > 0
    ? `Breaking: ${plural(breaking, 'change')}`
    : 'No breaking changes';
}
