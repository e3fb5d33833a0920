/** The source view's query for a repository, and a file and line in it. */
export function sourceSearch(location: {
  repository: string;
  commit?: string;
  path?: string;
  line?: number;
}): string {
  const query = new URLSearchParams({ repository: location.repository });
  if (location.commit) {
    query.set('commit', location.commit);
  }
  if (location.path) {
    query.set('path', location.path);
  }
  if (location.line) {
    query.set('line', String(location.line));
  }
  return `?${query}`;
}
