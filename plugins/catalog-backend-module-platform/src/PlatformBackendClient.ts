import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  createPlatformApiClient,
  PlatformApiClient,
  platformApiData,
  PlatformDependency,
  PlatformModuleInfo,
} from '@platform-portal/plugin-platform-common';

/** Reads the `platform` backend as this plugin's own service. */
export class PlatformBackendClient {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    const api = await this.client();
    const { items } = await platformApiData(api.GET('/modules'));
    return items;
  }

  async listDependencies(): Promise<PlatformDependency[]> {
    const api = await this.client();
    const { items } = await platformApiData(api.GET('/dependencies'));
    return items;
  }

  private async client(): Promise<PlatformApiClient> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'platform',
    });
    return createPlatformApiClient({
      baseUrl: await this.discovery.getBaseUrl('platform'),
      headers: { Authorization: `Bearer ${token}` },
    });
  }
}
