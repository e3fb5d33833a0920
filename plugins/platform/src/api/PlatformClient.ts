/* eslint-disable new-cap -- openapi-fetch names its methods after the HTTP verbs (api.GET). */
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createPlatformApiClient,
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftSummary,
  RequiredModuleFindingList,
  EntityDrift,
  EntityReleaseChannels,
  InterfaceDiff,
  LatestScanResponse,
  ModuleAdoption,
  ModuleReleaseInterface,
  PlatformApiClient,
  platformApiData,
  PlatformModuleInfo,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  RepositoryStatus,
  ScanRun,
  TrendPoint,
} from '@platform-portal/plugin-platform-common';
import {
  CreateUpgradesRequest,
  ModuleReleases,
  PlatformApi,
  SourceFile,
  SourceFileList,
  UpgradeCampaign,
  UpgradeChange,
  UpgradePreview,
  UpgradeRequest,
  UpgradeResult,
} from './PlatformApi';

/** The query parameters of a filter, as the API names them. */
function filterQuery(filter: DriftFilter) {
  return {
    owner: filter.owner,
    module: filter.module,
    verdict: filter.verdict,
    environment: filter.environment,
    kind: filter.kind,
    entityRef: filter.entityRef,
    callStatus: filter.callStatus,
    promotion: filter.promotion,
    upgrade: filter.upgrade,
    version: filter.version,
    q: filter.text || undefined,
  };
}

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
    const api = await this.client();
    return platformApiData(api.GET('/scans/latest'));
  }

  async getScan(id: string): Promise<ScanRun> {
    const api = await this.client();
    const { scan } = await platformApiData(
      api.GET('/scans/{id}', { params: { path: { id } } }),
    );
    return scan;
  }

  async startScan(
    request: { entityRef?: string } = {},
  ): Promise<ScanRun | null> {
    const api = await this.client();
    const { scan } = await platformApiData(
      api.POST('/scans', { body: request }),
    );
    return scan;
  }

  async getDrift(query: DriftQuery): Promise<DriftPage> {
    const api = await this.client();
    const { sort, order, offset, limit } = query;
    return platformApiData(
      api.GET('/drift', {
        params: {
          query: { ...filterQuery(query), sort, order, offset, limit },
        },
      }),
    );
  }

  async exportDrift(filter: DriftFilter): Promise<Blob> {
    const api = await this.client();
    return platformApiData(
      api.GET('/drift/export', {
        params: { query: filterQuery(filter) },
        parseAs: 'blob',
      }),
    );
  }

  async getSummary(filter: DriftFilter): Promise<DriftSummary> {
    const api = await this.client();
    return platformApiData(
      api.GET('/summary', { params: { query: filterQuery(filter) } }),
    );
  }

  async listRequiredModuleFindings(
    filter: Pick<DriftFilter, 'owner' | 'module' | 'entityRef'>,
  ): Promise<RequiredModuleFindingList> {
    const api = await this.client();
    return platformApiData(
      api.GET('/required-modules', {
        params: {
          query: {
            owner: filter.owner,
            module: filter.module,
            entityRef: filter.entityRef,
          },
        },
      }),
    );
  }

  async getFacets(): Promise<DriftFacets> {
    const api = await this.client();
    return platformApiData(api.GET('/facets'));
  }

  async getTrends(
    options: { days?: number; module?: string } = {},
  ): Promise<TrendPoint[]> {
    const api = await this.client();
    const { points } = await platformApiData(
      api.GET('/trends', {
        params: {
          query: { days: options.days, module: options.module || undefined },
        },
      }),
    );
    return points;
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    const api = await this.client();
    const { items } = await platformApiData(api.GET('/modules'));
    return items;
  }

  async getModuleAdoption(
    module: string,
    platform?: string,
    options: { servicesPerVersion?: number } = {},
  ): Promise<ModuleAdoption | undefined> {
    const api = await this.client();
    try {
      return await platformApiData(
        api.GET('/modules/{name}/adoption', {
          params: {
            path: { name: module },
            query: {
              platform: platform || undefined,
              servicesPerVersion: options.servicesPerVersion,
            },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async getModuleReleases(
    module: string,
    platform?: string,
  ): Promise<ModuleReleases> {
    const api = await this.client();
    return platformApiData(
      api.GET('/modules/{name}/releases', {
        params: {
          path: { name: module },
          query: { platform: platform || undefined },
        },
      }),
    );
  }

  async getModuleInterface(request: {
    module: string;
    version: string;
    platform?: string;
  }): Promise<ModuleReleaseInterface> {
    const api = await this.client();
    return platformApiData(
      api.GET('/modules/{name}/interface', {
        params: {
          path: { name: request.module },
          query: {
            version: request.version,
            platform: request.platform || undefined,
          },
        },
      }),
    );
  }

  async getModuleInterfaceDiff(request: {
    module: string;
    from: string;
    to: string;
    platform?: string;
  }): Promise<InterfaceDiff> {
    const api = await this.client();
    return platformApiData(
      api.GET('/modules/{name}/diff', {
        params: {
          path: { name: request.module },
          query: {
            from: request.from,
            to: request.to,
            platform: request.platform || undefined,
          },
        },
      }),
    );
  }

  async getEntityDrift(entityRef: string): Promise<EntityDrift> {
    const api = await this.client();
    return platformApiData(
      api.GET('/entities/{kind}/{namespace}/{name}', {
        params: { path: entityPath(entityRef) },
      }),
    );
  }

  async listReleaseChannels(
    query: ReleaseChannelsQuery,
  ): Promise<ReleaseChannelsPage> {
    const api = await this.client();
    const { verdict, owner, offset, limit } = query;
    return platformApiData(
      api.GET('/release-channels', {
        params: { query: { verdict, owner, offset, limit } },
      }),
    );
  }

  async getEntityReleaseChannels(
    entityRef: string,
  ): Promise<EntityReleaseChannels> {
    const api = await this.client();
    return platformApiData(
      api.GET('/entities/{kind}/{namespace}/{name}/release-channels', {
        params: { path: entityPath(entityRef) },
      }),
    );
  }

  async listRepositories(
    options: { status?: RepositoryStatus['status'][] } = {},
  ): Promise<RepositoryStatus[]> {
    const api = await this.client();
    const { items } = await platformApiData(
      api.GET('/repositories', {
        params: { query: { status: options.status } },
      }),
    );
    return items;
  }

  async previewUpgrades(request: UpgradeRequest): Promise<UpgradePreview> {
    const api = await this.client();
    return platformApiData(api.POST('/upgrades/preview', { body: request }));
  }

  async createUpgrades(request: CreateUpgradesRequest): Promise<UpgradeResult> {
    const api = await this.client();
    return platformApiData(api.POST('/upgrades', { body: request }));
  }

  async listUpgrades(
    query: { module?: string; entityRef?: string; campaign?: string } = {},
  ): Promise<UpgradeChange[]> {
    const api = await this.client();
    const { items } = await platformApiData(
      api.GET('/upgrades', {
        params: {
          query: {
            module: query.module || undefined,
            entityRef: query.entityRef || undefined,
            campaign: query.campaign || undefined,
          },
        },
      }),
    );
    return items;
  }

  async getUpgradeCampaign(
    id: string,
  ): Promise<{ campaign: UpgradeCampaign; changes: UpgradeChange[] }> {
    const api = await this.client();
    return platformApiData(
      api.GET('/upgrades/campaigns/{id}', { params: { path: { id } } }),
    );
  }

  async getSourceFile(request: {
    repository: string;
    path: string;
    commit?: string;
  }): Promise<SourceFile> {
    const api = await this.client();
    return platformApiData(
      api.GET('/source', {
        params: {
          query: {
            repository: request.repository,
            path: request.path,
            commit: request.commit || undefined,
          },
        },
      }),
    );
  }

  async listSourceFiles(request: {
    repository: string;
    commit?: string;
  }): Promise<SourceFileList> {
    const api = await this.client();
    return platformApiData(
      api.GET('/source/files', {
        params: {
          query: {
            repository: request.repository,
            commit: request.commit || undefined,
          },
        },
      }),
    );
  }

  private async client(): Promise<PlatformApiClient> {
    return createPlatformApiClient({
      baseUrl: await this.discoveryApi.getBaseUrl('platform'),
      fetch: async request =>
        this.fetchApi.fetch(request.url, await requestInit(request)),
    });
  }
}

/**
 * The parts of a request, to send it again. The app's fetch middlewares each build a new
 * Request from the one given, which uses up a Request's body: a POST passed on as a Request
 * would fail in the second middleware with "a Request object that has already been used".
 */
async function requestInit(request: Request): Promise<RequestInit> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.text() : undefined,
    signal: request.signal,
  };
}

/** The path parameters of an entity, lower-cased as the backend stores refs. */
function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const lower = (part: string) => part.toLocaleLowerCase('en-US');
  return { kind: lower(kind), namespace: lower(namespace), name: lower(name) };
}
