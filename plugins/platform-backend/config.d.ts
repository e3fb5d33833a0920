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
    /**
     * Deployment environments in promotion order, earliest first (`[dev, staging, prod]`); a list
     * names one stage (`[[staging, stage], [production, prod]]`). A reference lags when a later
     * environment pins an older release than an earlier one. Defaults to development/dev,
     * test/qa, staging/stage/preprod, production/prod.
     */
    environments?: Array<string | string[]>;
    /** Upgrade changes the portal pushes to service repositories. */
    upgrades?: {
      /**
       * Who the upgrade commits are by; `Platform Portal` and
       * `platform-portal@users.noreply.localhost` by default. The portal only ever moves a branch
       * whose head has this author, so a person's commits on it are never overwritten.
       */
      author?: { name?: string; email?: string };
    };
    /**
     * Notifications (through the notifications backend plugin) to the owners of services whose
     * pins became deprecated or unsupported, or when a new major of a module they use is out.
     */
    notifications?: {
      /**
       * Whether owners are notified; false by default. The first scan after it is switched on
       * only records what is already true, so owners hear of changes, not of every old pin.
       */
      enabled?: boolean;
      /** `weekly`: one notification per owner per week listing the events; each event at once by default. */
      digest?: 'weekly';
      /** When the weekly digest is sent; Mondays at 08:00 (the backend's time) by default. */
      digestSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    scan?: {
      /**
       * When scans run. Defaults to every 30 minutes, the first 5 seconds after start, with a
       * timeout of 3 minutes: an instance that stops mid-scan holds the scan's lock until the
       * timeout (and up to a minute more), while a longer scan goes on, joined by the next.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How often a running scan renews its run, in seconds; a run not renewed for two periods
       * is marked interrupted by any instance, which scans again. 30 by default: within 90 s.
       */
      heartbeatSeconds?: number;
      /** Repositories read at once; 8 by default. */
      concurrency?: number;
    };
    /**
     * Reading the release channels services declare in annotations. Nothing is fetched from a
     * host that this section (or, for GitHub Releases and git tags, `integrations`) does not name,
     * so an annotation cannot point the backend at an internal service.
     */
    releaseChannels?: {
      /** Services whose channels are read at once; 4 by default. */
      concurrency?: number;
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
        /**
         * Plain HTTP where a target names no scheme (an OCI or Terraform registry), and the
         * only way this registry's credentials are ever sent over plain HTTP; false by default.
         */
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
