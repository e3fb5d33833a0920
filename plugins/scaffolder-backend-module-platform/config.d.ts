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
     * Where "Create project" publishes and what it names: `platform:publish:target` reads it, and
     * `platform:publish:git` publishes into `localRoot` when a step gives no `remoteUrl`; also
     * where `platform:project:check` and the Create form look for a repository of the project's
     * name. GitHub hosts are asked only when written under `integrations.github`.
     */
    publish?: {
      /**
       * Directory the bare repositories are created in (`<localRoot>/<name>.git`); none by
       * default. Name it in `platform.git.localRoots` and map a URL prefix onto it with
       * `platform.git.rewrites`, so that the catalog (through `@platform-portal/plugin-platform-local-git`)
       * and the scanner read what is published; "Create project" refuses a root no URL is mapped onto.
       */
      localRoot?: string;
      /**
       * The organisation a new project names: the owner of its CODEOWNERS teams
       * (`@<organisation>/<team>`), of the package names its release channels guess and of its
       * Terraform state bucket (`<organisation>-terraform-state`). Letters, digits and single
       * dashes. By default the owner in the repository's URL (`acme` of
       * `https://github.com/acme/orders-api`).
       */
      organisation?: string;
      /**
       * The platform module (of the manifest of `platform.platforms`) holding the reusable CI
       * workflow every new project calls, pinned to its latest release; `terraform-ci` by default.
       */
      ciWorkflow?: string;
      /**
       * The GitHub team (slug, within the organisation) that co-owns every new project's `infra/`
       * in CODEOWNERS beside the project's owner; none by default, and then `infra/` has no rule
       * of its own.
       */
      platformTeam?: string;
    };
  };
}
