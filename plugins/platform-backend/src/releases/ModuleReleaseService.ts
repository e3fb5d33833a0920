import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  PlatformApiSchemas,
  PlatformModule,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import {
  LoadedPlatform,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { LRUCache } from 'lru-cache';
import {
  noSuchModule,
  readPlatforms,
} from '../interfaces/ModuleInterfaceService';
import { lineUrl } from '../source';
import { changelogSections } from './changelogSections';
import { describeReleases } from './describeReleases';
import { ModuleChannelReadings } from './ModuleChannelReadings';

const CHANGELOG = 'CHANGELOG.md';

/** The changelogs read, by repository, commit and path: a commit never changes. */
type Changelogs = LRUCache<string, Map<string, string>>;

/**
 * A module's releases as the module page lists them: dates and messages from the platform's
 * tags, notes from the tags or else the module's CHANGELOG.md, upgrade-note links and the support
 * of each major.
 *
 * @internal
 */
export class ModuleReleaseService {
  private readonly changelogs: Changelogs = new LRUCache({ max: 500 });

  constructor(
    private readonly options: {
      /** The platforms, recent enough to know a release tagged a minute ago. */
      platforms: () => Promise<LoadedPlatform[]>;
      hosts: RepositoryHosts;
      integrations?: ScmIntegrationRegistry;
      /** Reads the channels modules are published to; without it, none is shown. */
      channels?: ModuleChannelReadings;
    },
  ) {}

  /** The releases of a module; a NotFoundError naming the module or platform that is unknown. */
  async getReleases(
    name: string,
    platformName?: string,
  ): Promise<PlatformApiSchemas['ModuleReleases']> {
    const { platform, module, info } = await this.find(name, platformName);
    return describeReleases({
      platform: platform.snapshot.manifest.name,
      module,
      tags: platform.snapshot.tags,
      changelog: await this.changelog(platform, module, info.latest),
      channels:
        module.channels?.length && this.options.channels
          ? await this.options.channels.read(module.channels)
          : undefined,
      fileUrl: (commit, path) =>
        lineUrl(
          { repository: platform.url, commit, path },
          // No app base URL: the page links within the app it is shown in.
          {
            hosts: this.options.hosts,
            integrations: this.options.integrations,
          },
        ),
    });
  }

  /**
   * The sections of `<module path>/CHANGELOG.md` as of the module's latest release: a file
   * edited on the default branch after it belongs to a release not yet made. Empty when there
   * is no such file or it cannot be read.
   */
  private async changelog(
    platform: LoadedPlatform,
    module: PlatformModule,
    latest: string | undefined,
  ): Promise<Map<string, string>> {
    const commit =
      latest === undefined
        ? undefined
        : platform.snapshot.tags.find(
            tag => parseTagVersion(tag.name, module.tagPattern) === latest,
          )?.commit;
    const resolved = this.options.hosts.resolve(platform.url);
    if (!commit || !resolved) {
      return new Map();
    }
    const path = `${module.path.replace(/\/+$/, '')}/${CHANGELOG}`;
    const key = `${resolved.url}\0${commit}\0${path}`;
    const cached = this.changelogs.get(key);
    if (cached) {
      return cached;
    }
    let sections = new Map<string, string>();
    try {
      const { files } = await resolved.host.readFiles(
        resolved.url,
        commit,
        file => file === path,
      );
      if (files[0]) {
        sections = changelogSections(
          files[0].content.toString('utf8'),
          module.tagPattern,
        );
      }
    } catch {
      // Unreadable now (a host that did not answer): no notes from it this time, nothing cached.
      return sections;
    }
    this.changelogs.set(key, sections);
    return sections;
  }

  /** The module in the named platform, else in the first platform by name that has it. */
  private async find(name: string, platformName?: string) {
    const loaded = await readPlatforms(this.options.platforms);
    const candidates = loaded
      .filter(
        p =>
          platformName === undefined ||
          p.snapshot.manifest.name === platformName,
      )
      .sort((a, b) =>
        a.snapshot.manifest.name.localeCompare(b.snapshot.manifest.name),
      );
    for (const platform of candidates) {
      const module = platform.snapshot.manifest.modules.find(
        m => m.name === name,
      );
      const info = platform.modules.find(m => m.name === name);
      if (module && info) {
        return { platform, module, info };
      }
    }
    throw noSuchModule(name, platformName);
  }
}
