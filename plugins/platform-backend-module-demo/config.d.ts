export interface Config {
  platform?: {
    /**
     * The offline demo (`@platform-portal/plugin-platform-backend-module-demo`): local bare repositories
     * made from `examplesDir` at start, read in place of `https://github.com/acme/...`. The demo
     * is off when this is absent.
     */
    demo?: {
      /** Directory holding `platform/`, `services/` and `helm-repository/`. */
      examplesDir: string;
      /** Where the bare repositories are made (`<repositoriesDir>/acme/<name>.git`); created when missing. */
      repositoriesDir: string;
      /**
       * Port of the demo's local Helm chart repository (`<examplesDir>/helm-repository`, read in
       * place of `https://charts.acme.example/`), on 127.0.0.1; 7080 by default, 0 for any free
       * port. When the port is taken the backend logs it and starts without the server.
       */
      helmRepositoryPort?: number;
    };
  };
}
