import { InputError } from '@backstage/errors';

const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const MAX_PATH_LENGTH = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A value as an error message shows it: quoted, control characters escaped, cut short. */
export function quoted(value: string): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…"` : text;
}

/**
 * A file's path in a repository as git names it: relative, `/` between folders, no empty, `.` or
 * `..` folder. Anything else is refused, naming the path, before a repository is opened.
 */
export function checkSourcePath(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError('Name the file to show with path');
  }
  const refuse = (why: string) =>
    new InputError(`The path ${quoted(value)} ${why}`);
  if (value.length > MAX_PATH_LENGTH) {
    throw refuse(`is longer than ${MAX_PATH_LENGTH} characters`);
  }
  if (CONTROL.test(value)) {
    throw refuse('contains control characters');
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    throw refuse('is absolute; give it relative to the repository');
  }
  if (value.includes('\\')) {
    throw refuse('contains a backslash; folders are separated by /');
  }
  const segments = value.split('/');
  if (segments.includes('..')) {
    throw refuse('leaves the repository (..)');
  }
  if (segments.some(segment => segment === '' || segment === '.')) {
    throw refuse('has an empty or "." folder');
  }
  return value;
}

/** A full commit SHA, or undefined for the default branch's head. */
export function checkCommit(value: unknown): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || !COMMIT.test(value)) {
    throw new InputError(
      `The commit ${quoted(String(value))} is not a full commit SHA`,
    );
  }
  return value;
}

/** The repository named by the request, as the catalog names repositories. */
export function checkRepository(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError('Name the repository with repository');
  }
  return value.trim();
}
