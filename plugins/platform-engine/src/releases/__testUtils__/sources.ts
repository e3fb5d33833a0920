import { ReleaseHosts, ReleaseRegistry } from '../ReleaseHosts';
import { ReleaseHttp } from '../ReleaseHttp';
import { ReleaseChannelError } from '@platform-portal/plugin-platform-node';

/** @public */
export function testHttp(
  options: {
    allowedHosts?: string[];
    registries?: ReleaseRegistry[];
    timeoutMs?: number;
    maxResponseBytes?: number;
  } = {},
): ReleaseHttp {
  return new ReleaseHttp({
    hosts: new ReleaseHosts({
      allowedHosts: options.allowedHosts,
      registries: options.registries,
    }),
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
  });
}

/**
 * The ReleaseChannelError a promise rejects with; fails the test when it resolves or throws anything else.
 *
 * @public
 */
export async function failure(
  promise: Promise<unknown>,
): Promise<ReleaseChannelError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ReleaseChannelError);
  return error as ReleaseChannelError;
}
