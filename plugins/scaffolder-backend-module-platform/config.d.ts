export interface Config {
  platform?: {
    /** Rules `platform:policy:check` enforces on a new project besides pinned, supported versions. */
    policy?: {
      /** URL prefixes no module source may start with, e.g. `https://github.com/some-fork/`. */
      forbiddenSources?: string[];
    };
    /** Where `platform:publish:git` publishes when a step gives no `remoteUrl`. */
    publish?: {
      /**
       * Directory of local bare repositories (`<localRoot>/acme/<name>.git`); the demo's
       * `platform.demo.repositoriesDir` when absent.
       */
      localRoot?: string;
    };
  };
}
