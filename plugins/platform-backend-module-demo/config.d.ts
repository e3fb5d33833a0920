export interface Config {
  platform?: {
    /**
     * The offline demo (`@platform-portal/plugin-platform-backend-module-demo`): local bare repositories
     * made from `examplesDir` at start, read in place of `https://github.com/acme/...`. The demo
     * is off when this is absent.
     */
    demo?: {
      /** Directory holding `platform/`, `services/`, `helm-repository/` and `terraform-registry/`. */
      examplesDir: string;
      /** Where the bare repositories are made (`<repositoriesDir>/acme/<name>.git`); created when missing. */
      repositoriesDir: string;
      /**
       * Port of the demo's local Helm chart repository (`<examplesDir>/helm-repository`, read in
       * place of `https://charts.acme.example/`), on 127.0.0.1; 7080 by default, 0 for any free
       * port. When the port is taken the backend logs it and starts without the server.
       */
      helmRepositoryPort?: number;
      /**
       * Port of the demo's local Terraform module registry (`<examplesDir>/terraform-registry/modules.yaml`,
       * read in place of `registry.acme.example`), on 127.0.0.1; 7081 by default, 0 for any free
       * port. It is read over plain HTTP when `platform.releaseChannels.registries` says so.
       */
      terraformRegistryPort?: number;
    };
  };
}
