import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  DriftFacets,
  DriftFilter,
  DriftPage,
  DriftQuery,
  DriftSummary,
  EntityDrift,
  EntityReleaseChannels,
  LatestScanResponse,
  ModuleAdoption,
  PlatformModuleInfo,
  ReleaseChannelsPage,
  ReleaseChannelsQuery,
  RepositoryStatus,
  ScanRun,
  TrendPoint,
} from '@internal/plugin-platform-common';
import { PlatformApi } from './PlatformApi';

const FILTER_KEYS = [
  'owner',
  'module',
  'verdict',
  'environment',
  'kind',
  'entityRef',
] as const;

/** Query parameters of a filter; arrays repeat their key, as the API expects. */
export function filterParams(filter: DriftFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of filter[key] ?? []) {
      params.append(key, value);
    }
  }
  if (filter.text) {
    params.set('q', filter.text);
  }
  return params;
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
    return this.get('/scans/latest');
  }

  async getScan(id: string): Promise<ScanRun> {
    const { scan } = await this.get<{ scan: ScanRun }>(
      `/scans/${encodeURIComponent(id)}`,
    );
    return scan;
  }

  async startScan(
    request: { entityRef?: string } = {},
  ): Promise<ScanRun | null> {
    const { scan } = await this.request<{ scan: ScanRun | null }>('/scans', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return scan;
  }

  async getDrift(query: DriftQuery): Promise<DriftPage> {
    const params = filterParams(query);
    for (const key of ['sort', 'order', 'offset', 'limit'] as const) {
      if (query[key] !== undefined) {
        params.set(key, String(query[key]));
      }
    }
    return this.get(`/drift${suffix(params)}`);
  }

  async getDriftExportUrl(filter: DriftFilter): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platform');
    return `${baseUrl}/drift/export${suffix(filterParams(filter))}`;
  }

  async exportDrift(filter: DriftFilter): Promise<Blob> {
    const res = await this.fetchApi.fetch(await this.getDriftExportUrl(filter));
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.blob();
  }

  async getSummary(filter: DriftFilter): Promise<DriftSummary> {
    return this.get(`/summary${suffix(filterParams(filter))}`);
  }

  async getFacets(): Promise<DriftFacets> {
    return this.get('/facets');
  }

  async getTrends(
    options: { days?: number; module?: string } = {},
  ): Promise<TrendPoint[]> {
    const params = new URLSearchParams();
    if (options.days !== undefined) {
      params.set('days', String(options.days));
    }
    if (options.module) {
      params.set('module', options.module);
    }
    const { points } = await this.get<{ points: TrendPoint[] }>(
      `/trends${suffix(params)}`,
    );
    return points;
  }

  async listModules(): Promise<PlatformModuleInfo[]> {
    const { items } = await this.get<{ items: PlatformModuleInfo[] }>(
      '/modules',
    );
    return items;
  }

  async getModuleAdoption(
    module: string,
    platform?: string,
  ): Promise<ModuleAdoption | undefined> {
    const params = new URLSearchParams();
    if (platform) {
      params.set('platform', platform);
    }
    try {
      return await this.get<ModuleAdoption>(
        `/modules/${encodeURIComponent(module)}/adoption${suffix(params)}`,
      );
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async getEntityDrift(entityRef: string): Promise<EntityDrift> {
    return this.get(entityPath(entityRef));
  }

  async listReleaseChannels(
    query: ReleaseChannelsQuery,
  ): Promise<ReleaseChannelsPage> {
    const params = new URLSearchParams();
    for (const verdict of query.verdict ?? []) {
      params.append('verdict', verdict);
    }
    for (const owner of query.owner ?? []) {
      params.append('owner', owner);
    }
    for (const key of ['offset', 'limit'] as const) {
      if (query[key] !== undefined) {
        params.set(key, String(query[key]));
      }
    }
    return this.get(`/release-channels${suffix(params)}`);
  }

  async getEntityReleaseChannels(
    entityRef: string,
  ): Promise<EntityReleaseChannels> {
    return this.get(`${entityPath(entityRef)}/release-channels`);
  }

  async listRepositories(): Promise<RepositoryStatus[]> {
    const { items } = await this.get<{ items: RepositoryStatus[] }>(
      '/repositories',
    );
    return items;
  }

  private get<T>(path: string): Promise<T> {
    return this.request<T>(path);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platform');
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}

/** `/entities/<kind>/<namespace>/<name>`, lower-cased as the backend stores refs. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${[kind, namespace, name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}

function suffix(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : '';
}
