import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the platform plugin: where the platforms live and how services are scanned. */
  platform?: {
    /**
     * Platform repositories, each holding a `platform.yaml` at the root of its default branch,
     * as URLs a repository host reads (`https://github.com/acme/platform`).
     */
    platforms?: Array<{ repository: string }>;
    /** Which catalog entities are scanned. */
    discovery?: {
      /**
       * A catalog entity filter, e.g. `{ kind: Component, spec.type: service }`; a list means
       * any of them. Entities also need `github.com/project-slug` or a `url:`
       * `backstage.io/source-location`. Defaults to every Component.
       */
      filter?:
        | { [key: string]: string | string[] }
        | Array<{ [key: string]: string | string[] }>;
    };
    scan?: {
      /** When scans run. Defaults to every 30 minutes, the first 5 seconds after start. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Repositories read at once; 8 by default. */
      concurrency?: number;
    };
    /** Reading repositories through git. */
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
    /** Reading the release channels services declare (hosts and credentials: see platform-node). */
    releaseChannels?: {
      /** Services whose channels are read at once; 4 by default. */
      concurrency?: number;
    };
  };
}
