import { DriftRow } from '@platform-portal/plugin-platform-common';

/**
 * The module page comparing the release a row pins with the one its upgrade goes to; undefined
 * when the row has no upgrade to compare.
 */
export function compareLink(
  moduleLink: ((params: { name: string }) => string) | undefined,
  row: Pick<DriftRow, 'module' | 'platform' | 'version' | 'upgrade'>,
): string | undefined {
  if (!moduleLink || !row.module || !row.version || !row.upgrade) {
    return undefined;
  }
  const query = new URLSearchParams({
    from: row.version,
    to: row.upgrade.to,
  });
  if (row.platform) {
    query.set('platform', row.platform);
  }
  return `${moduleLink({ name: row.module })}?${query}`;
}
