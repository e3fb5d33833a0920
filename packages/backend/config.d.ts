export interface Config {
  backend?: {
    /**
     * Whether error answers of the API carry the error's stack trace, which names the server's
     * paths; false by default, in development too.
     */
    showStackTraces?: boolean;
  };
}
