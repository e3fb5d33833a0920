export interface Config {
  platform?: {
    /**
     * Platform repositories, each holding a `platform.yaml` at the root of its default branch,
     * as URLs a repository host reads (`https://github.com/acme/platform`); the platforms a
     * template's `platform` may name. None by default.
     */
    platforms?: Array<{ repository: string }>;
    /** Rules `platform:policy:check` enforces on a new project besides pinned, supported versions. */
    policy?: {
      /** URL prefixes no module source may start with, e.g. `https://github.com/some-fork/`; none by default. */
      forbiddenSources?: string[];
    };
    /**
     * Where `platform:publish:git` publishes when a step gives no `remoteUrl`; also where
     * `platform:project:check` and the Create form look for a repository of the project's name.
     * GitHub hosts are asked only when written under `integrations.github`.
     */
    publish?: {
      /**
       * Directory the bare repositories are created in (`<localRoot>/<name>.git`); none by
       * default. Name it in `platform.git.localRoots` and map a URL prefix onto it with
       * `platform.git.rewrites`, so that the catalog and the scanner read what is published.
       */
      localRoot?: string;
    };
  };
}
