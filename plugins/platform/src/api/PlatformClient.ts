import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { LatestScanResponse } from '@internal/plugin-platform-common';
import { PlatformApi } from './PlatformApi';

/**
 * Default {@link PlatformApi} implementation, talking to the platform backend over HTTP.
 *
 * @public
 */
export class PlatformClient implements PlatformApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getLatestScan(): Promise<LatestScanResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platform');
    const res = await this.fetchApi.fetch(`${baseUrl}/scans/latest`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as LatestScanResponse;
  }
}
