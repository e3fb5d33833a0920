export interface Config {
  platform?: {
    /** Reading repositories through git, for the scanner, the Scaffolder actions and the catalog. */
    git?: {
      /**
       * Directories whose bare repositories may be read through `file://` URLs; none by
       * default.
       */
      localRoots?: string[];
      /**
       * Remotes git may reach besides the hosts of `integrations`: `host`, `host:port`,
       * `*.domain`, or `http://host:port`, `ssh://host`, `git://host` for other transports
       * (https when no scheme is given); scheme, host and port must all match. None by default.
       */
      allowedHosts?: string[];
      /** Time one git command may take, in seconds; 300 by default. */
      timeoutSeconds?: number;
      /**
       * URL prefix rewrites applied before a host is chosen, like git's `insteadOf`; none by
       * default. `to` is a URL, or a directory (`/…`, `./…`, `../…`, relative to the working
       * directory) read as its `file://` URL.
       */
      rewrites?: Array<{ from: string; to: string }>;
    };
    /**
     * Reading the release channels services declare in annotations. Nothing is fetched from a
     * host that this section (or, for GitHub Releases and git tags, `integrations`) does not name,
     * so an annotation cannot point the backend at an internal service.
     */
    releaseChannels?: {
      /**
       * Hosts release channels may be read from: `host`, `host:port` or `*.example.com`; a host
       * without a port allows only the default ports. None by default: public registries too
       * (`pypi.org`, `ghcr.io`, `registry.terraform.io`) must be listed. Hosts with an
       * integration are allowed for GitHub Releases and git tags, and `registries` hosts for all.
       */
      allowedHosts?: string[];
      /** Directories whose bare repositories `file://` git-tags channels may read; none by default. */
      localRoots?: string[];
      /** Time allowed for one HTTP request, in milliseconds; 15000 by default. */
      timeoutMs?: number;
      /** Time allowed for reading one channel, all its requests together, in milliseconds; 60000 by default. */
      channelTimeoutMs?: number;
      /** Largest answer read, in bytes (a Helm index, an npm packument); 33554432 (32 MiB) by default. */
      maxResponseBytes?: number;
      /** The index bare PyPI project names are read from; `https://pypi.org/` by default (its host must still be allowed). */
      pypiIndex?: string;
      /** The registry bare npm package names are read from; none by default, so bare names are refused. */
      npmRegistry?: string;
      /**
       * Registries and package indexes with credentials or plain HTTP (OCI registries, private
       * Helm, PyPI and npm indexes, Terraform registries); none by default. Each host listed
       * here is allowed.
       */
      registries?: Array<{
        /** `host` or `host:port`, as channel targets name it. */
        host: string;
        /** Plain HTTP where a target names no scheme (an OCI or Terraform registry); false by default. */
        insecure?: boolean;
        /** User name, sent with `password` (or `token`) as basic credentials or to the registry's token service; none by default. */
        username?: string;
        /**
         * Password or access token for `username`; none by default.
         * @visibility secret
         */
        password?: string;
        /**
         * A bearer token, for indexes that take one; none by default.
         * @visibility secret
         */
        token?: string;
      }>;
    };
  };
}
