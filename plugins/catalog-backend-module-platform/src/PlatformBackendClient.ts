import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PlatformModuleInfo } from '@internal/plugin-platform-common';

/** One service and the platform modules it uses, as `GET /dependencies` lists it. */
export interface PlatformDependency {
  /** E.g. `component:default/payments-api`. */
  entityRef: string;
  modules: Array<{ platform: string; module: string }>;
}

/** Reads the `platform` backend as this plugin's own service. */
export class PlatformBackendClient {
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.discovery = options.discovery;
    this.auth = options.auth;
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    const body = await this.get<{ items: PlatformModuleInfo[] }>('/modules');
    return body.items;
  }

  async listDependencies(): Promise<PlatformDependency[]> {
    const body = await this.get<{ items: PlatformDependency[] }>(
      '/dependencies',
    );
    return body.items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('platform');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'platform',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
