import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the platform plugin: where the platforms live and how services are scanned. */
  platform?: {
    /**
     * Platform repositories, each holding a `platform.yaml` at the root of its default branch,
     * as URLs a repository host reads (`https://github.com/acme/platform`); none by default.
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
    /** Reading the release channels services declare (hosts and credentials: in platform-node's config). */
    releaseChannels?: {
      /** Services whose channels are read at once; 4 by default. */
      concurrency?: number;
    };
  };
}
