import {
  RepositoryHost,
  UrlRewrite,
} from '@platform-portal/plugin-platform-node';

/**
 * Picks the host that reads a repository, after rewriting its URL.
 *
 * @public
 */
export class RepositoryHosts {
  constructor(
    private readonly hosts: RepositoryHost[],
    private readonly rewrites: UrlRewrite[] = [],
  ) {}

  /** The host and the URL to give it, or undefined when no host may read the repository. */
  resolve(url: string): { host: RepositoryHost; url: string } | undefined {
    const rewrite = this.rewrites.find(r => url.startsWith(r.from));
    const target = rewrite ? rewrite.to + url.slice(rewrite.from.length) : url;
    const host = this.hosts.find(h => h.supports(target));
    return host ? { host, url: target } : undefined;
  }
}
