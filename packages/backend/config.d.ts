export interface Config {
  backend?: {
    /**
     * Whether error answers of the API carry the error's stack trace, which names the server's
     * paths; false by default, in development too.
     */
    showStackTraces?: boolean;
  };
  auth?: {
    providers?: {
      guest?: {
        /**
         * Allows guest sign-in in production (NODE_ENV=production or auth.environment:
         * production), where anyone reaching the portal would act as the guest user. Without it
         * the backend refuses to start when production configures `auth.providers.guest`.
         * False by default.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
