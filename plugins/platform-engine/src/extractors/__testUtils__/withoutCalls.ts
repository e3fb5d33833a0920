import type { Reference } from '@platform-portal/plugin-platform-common';

/** The references without their calls, for tests about where and how they are pinned. */
export function withoutCalls(references: Reference[]): Reference[] {
  return references.map(({ call: _call, ...reference }) => reference);
}
