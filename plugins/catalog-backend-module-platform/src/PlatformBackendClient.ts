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

  /**
   * Whether the source view shows the repository's files: it does for the repositories the
   * portal scans that it reads from a local root, and answers 404 for any other.
   */
  async showsRepository(repository: string): Promise<boolean> {
    const api = await this.client();
    try {
      await api.GET('/source/files', { params: { query: { repository } } });
      return true;
    } catch (error) {
      // The client rejects with @backstage/errors' ResponseError, which carries the status.
      if ((error as { statusCode?: unknown }).statusCode === 404) {
        return false;
      }
      throw error;
    }
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
