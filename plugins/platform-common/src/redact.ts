/**
 * The text with the user-info part of every `scheme://user:password@host` URL replaced by
 * `REDACTED`, so that tokens in repository URLs never reach reports, logs or error messages.
 *
 * @public
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1REDACTED@');
}
