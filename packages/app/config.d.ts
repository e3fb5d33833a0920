export interface Config {
  app?: {
    signIn?: {
      /**
       * The ways to sign in the sign-in page offers, in order: `guest` (the offline demo's
       * default) or `github` (production, with auth.providers.github configured).
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
