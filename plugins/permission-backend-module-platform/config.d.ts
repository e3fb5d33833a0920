export interface Config {
  platform?: {
    /** Who may change what in the portal; reading is open to everyone signed in. */
    permissions?: {
      /**
       * Refs of the groups whose members may do everything (scans of everything, catalog
       * locations, entities of any owner); `[group:default/platform-team]` by default.
       */
      adminGroups?: string[];
    };
  };
}
