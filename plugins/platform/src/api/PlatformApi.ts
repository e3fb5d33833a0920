import { createApiRef } from '@backstage/frontend-plugin-api';
import { LatestScanResponse } from '@internal/plugin-platform-common';

/**
 * Client for the platform backend plugin.
 *
 * @public
 */
export interface PlatformApi {
  /** Fetches the most recent scan run; `scan` is null when no scan has run yet. */
  getLatestScan(): Promise<LatestScanResponse>;
}

/**
 * API reference for {@link PlatformApi}.
 *
 * @public
 */
export const platformApiRef = createApiRef<PlatformApi>().with({
  id: 'plugin.platform.api',
  pluginId: 'platform',
});
