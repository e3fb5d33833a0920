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
    /** Reading repositories and releases through the GitHub API. */
    github?: {
      /**
       * Requests sent at once to one GitHub host, over all its credentials; 10 by default, at
       * most 100 (GitHub answers more with its secondary rate limit).
       */
      maxConcurrentRequests?: number;
    };
  };
}
