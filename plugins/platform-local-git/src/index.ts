/**
 * Reads the portal's local bare git repositories through the URLs app-config maps onto them.
 *
 * @packageDocumentation
 */

export { localGitUrlReaders as default } from './localGitUrlReaders';
export { localGitUrlReaders } from './localGitUrlReaders';
