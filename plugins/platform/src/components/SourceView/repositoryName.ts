/** `https://github.com/acme/payments-api` as people name it: `acme/payments-api`. */
export function repositoryName(repository: string): string {
  try {
    const url = new URL(repository);
    return (
      url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '') || url.host
    );
  } catch {
    return repository;
  }
}
