import { parseEntityRef } from '@backstage/catalog-model';

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The name of an entity, for headings; the ref itself when it cannot be read. */
export function entityName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** Only the inputs that were given a value, as the backend expects them. */
export function givenInputs(
  values: Record<string, string>,
): Record<string, string> | undefined {
  const given = Object.entries(values).filter(([, v]) => v.trim() !== '');
  return given.length ? Object.fromEntries(given) : undefined;
}
