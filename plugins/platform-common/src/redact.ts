/**
 * The text with the user-info part of every `scheme://user:password@host` URL replaced by
 * `REDACTED`, so that tokens in repository URLs never reach reports, logs or error messages.
 *
 * @public
 */
export function redactUrlCredentials(text: string): string {
  // The scheme is bounded (none is longer than 32 characters) so that a long run of letters is
  // not tried from every position: unbounded, a 100 KB answer took tens of seconds.
  return text.replace(
    /([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s]+@/gi,
    '$1REDACTED@',
  );
}

const PLACEHOLDER = '<local>';
const FILE_URL = /\bfile:(?:\/\/[^/\s'"`<>]*)?(\/[^\s'"`<>()]*)/gi;
// A path counts as absolute only where a word could start, so the paths of http(s) URLs, `a/b`
// and `3/4` are left alone.
const ABSOLUTE_PATH = /(^|[\s'"`(<[{=,;])(\/[^\s'"`()<>[\]{},;:]+)/g;

function lastPart(path: string): string | undefined {
  return path.split('/').filter(Boolean).pop();
}

function redactPath(path: string): string {
  // A sentence's full stop after a path is no part of it.
  let end = path.length;
  while (end > 0 && (path[end - 1] === '.' || path[end - 1] === '/')) {
    end--;
  }
  const last = lastPart(path.slice(0, end));
  return last
    ? `${PLACEHOLDER}/${last}${path.slice(end).replace(/\//g, '')}`
    : path;
}

/**
 * The text with every local path, absolute or as a `file:` URL, cut down to `<local>/` and its
 * last part (`<local>/payments-api.git`), so that errors show which repository or file they are
 * about without telling how the server's disk is laid out.
 *
 * @public
 */
export function redactLocalPaths(text: string): string {
  return text
    .replace(FILE_URL, (_match, path: string) => redactPath(path))
    .replace(
      ABSOLUTE_PATH,
      (_match, before: string, path: string) => `${before}${redactPath(path)}`,
    );
}
