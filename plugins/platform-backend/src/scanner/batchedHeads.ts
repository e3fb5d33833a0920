import { LoggerService } from '@backstage/backend-plugin-api';
import { redactUrlCredentials } from '@platform-portal/plugin-platform-common';
import {
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';
import { RepositoryHosts } from '@platform-portal/plugin-platform-engine';

/**
 * The heads of a scan's repositories, read together from the hosts that can (GitHub: one
 * query per 100 repositories) before the repositories are scanned, so that an unchanged one is
 * skipped without a request of its own. A head read so stays the run's, through retries (the
 * next run sees a newer one); an error is given once, and a retry asks the host anew.
 */
export class BatchedHeads {
  private readonly known = new Map<
    string,
    RepositoryHead | RepositoryHostError
  >();

  constructor(
    private readonly hosts: RepositoryHosts,
    private readonly logger: LoggerService,
  ) {}

  /** Reads the heads of these repositories (catalog URLs) from each host that reads many at once. */
  async prefetch(urls: string[]): Promise<void> {
    const byHost = new Map<RepositoryHost, string[]>();
    for (const url of urls) {
      const resolved = this.hosts.resolve(url);
      if (resolved?.host.currentRevisions) {
        const list = byHost.get(resolved.host) ?? [];
        list.push(resolved.url);
        byHost.set(resolved.host, list);
      }
    }
    for (const [host, list] of byHost) {
      try {
        for (const [url, head] of await host.currentRevisions!(list)) {
          this.known.set(url, head);
        }
      } catch (error) {
        // Each repository is then asked on its own.
        this.logger.warn(
          `Reading the heads of ${list.length} repositories from ${
            host.id
          } failed: ${redactUrlCredentials(
            error instanceof Error ? error.message : String(error),
          )}`,
        );
      }
    }
  }

  /** The head read with the others, or else the host's answer for this repository (a host URL). */
  async getHead(host: RepositoryHost, url: string): Promise<RepositoryHead> {
    const known = this.known.get(url);
    if (known instanceof Error) {
      this.known.delete(url);
      throw known;
    }
    return known ?? host.getHead(url);
  }
}
