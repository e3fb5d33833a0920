import {
  ChannelRelease,
  normalizeVersion,
} from '@platform-portal/plugin-platform-common';
import { parse } from 'yaml';
import { helmIndexSection } from './helmIndexSection';
import { checkReleaseCount } from './releaseLimit';
import { OciReleaseSource } from './OciReleaseSource';
import { ReleaseHttp } from './ReleaseHttp';
import {
  ReleaseChannelError,
  ReleaseVersionSource,
} from '@platform-portal/plugin-platform-node';

const CHART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
// The YAML parser reads about a megabyte a second: what it is given is kept to seconds.
const MAX_PARSED_CHARACTERS = 4 * 1024 * 1024;

/**
 * Options of {@link HelmReleaseSource}.
 *
 * @public
 */
export interface HelmReleaseSourceOptions {
  http: ReleaseHttp;
  /** Reads `oci://` charts; without it they are refused. */
  oci?: OciReleaseSource;
}

/** An ISO 8601 time from Helm's `created` (nanoseconds, any zone), or undefined. */
function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  // JavaScript dates keep milliseconds; Helm writes nanoseconds.
  const time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/**
 * Helm charts: a chart repository's `index.yaml` over HTTP (`https://charts.acme.io#payments`),
 * or an OCI chart (`oci://ghcr.io/acme/charts/payments`) through the OCI source.
 *
 * @public
 */
export class HelmReleaseSource implements ReleaseVersionSource {
  readonly kind = 'helm' as const;

  constructor(private readonly options: HelmReleaseSourceOptions) {}

  async listReleases(
    target: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ChannelRelease[]> {
    if (/^oci:\/\//i.test(target.trim())) {
      if (!this.options.oci) {
        throw new ReleaseChannelError(
          'refused',
          'OCI charts are not read here',
        );
      }
      return this.options.oci.listReleases(target.trim(), options);
    }
    const hash = target.indexOf('#');
    let chart = '';
    try {
      chart = hash < 0 ? '' : decodeURIComponent(target.slice(hash + 1));
    } catch {
      // a malformed escape names no chart
    }
    if (!CHART.test(chart)) {
      throw new ReleaseChannelError(
        'refused',
        `"${target}" does not name a chart; expected https://<chart repository>#<chart>`,
      );
    }
    const repository = this.options.http.hosts.check(target.slice(0, hash));
    repository.search = '';
    if (!repository.pathname.endsWith('/index.yaml')) {
      repository.pathname = `${repository.pathname.replace(
        /\/+$/,
        '',
      )}/index.yaml`;
    }
    const answer = await this.options.http.getOk(
      repository,
      'a Helm repository index',
      {
        signal: options.signal,
        headers: { accept: 'application/x-yaml, text/yaml, */*' },
      },
    );

    const where = `${repository.origin}${repository.pathname}`;
    const noChart = () =>
      new ReleaseChannelError(
        'not-found',
        `the Helm repository ${where.replace(
          /index\.yaml$/,
          '',
        )} has no chart "${chart}"`,
      );
    const text = answer.body.toString('utf8');
    const section = helmIndexSection(text, chart);
    if (section === 'no-chart') {
      throw noChart();
    }
    const parsed = section === 'other-layout' ? text : section;
    if (parsed.length > MAX_PARSED_CHARACTERS) {
      throw new ReleaseChannelError(
        'unreachable',
        `${where}: the entries of "${chart}" take more than ${MAX_PARSED_CHARACTERS} characters; not read`,
      );
    }
    let index: unknown;
    try {
      // Aliases are capped so a hostile index cannot expand into gigabytes (a "YAML bomb").
      index = parse(parsed, {
        maxAliasCount: 100,
        uniqueKeys: false,
      });
    } catch (error) {
      throw new ReleaseChannelError(
        'unreachable',
        `${where} is not a valid Helm repository index: ${
          (error as Error).message.split('\n')[0]
        }`,
      );
    }
    const entries = (index as { entries?: Record<string, unknown> } | null)
      ?.entries;
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) {
      throw new ReleaseChannelError(
        'unreachable',
        `${where} is not a Helm repository index (no entries)`,
      );
    }
    const versions = Object.prototype.hasOwnProperty.call(entries, chart)
      ? entries[chart]
      : undefined;
    if (!Array.isArray(versions)) {
      throw noChart();
    }
    checkReleaseCount(versions.length);
    const releases: ChannelRelease[] = [];
    for (const entry of versions as Array<Record<string, unknown>>) {
      const published = entry?.version;
      const version =
        typeof published === 'string' ? normalizeVersion(published) : undefined;
      if (!version) {
        continue;
      }
      const release: ChannelRelease = {
        version,
        versionAsPublished: published as string,
      };
      const created = isoTime(entry.created);
      if (created) {
        release.publishedAt = created;
      }
      const first = Array.isArray(entry.urls) ? entry.urls[0] : undefined;
      if (typeof first === 'string') {
        try {
          const url = new URL(first, answer.url);
          // Shown as a link: only web URLs, never `javascript:` or credentials.
          if (
            (url.protocol === 'https:' || url.protocol === 'http:') &&
            !url.username &&
            !url.password
          ) {
            release.url = url.href;
          }
        } catch {
          // an unreadable URL is just not linked
        }
      }
      releases.push(release);
    }
    return releases;
  }
}
