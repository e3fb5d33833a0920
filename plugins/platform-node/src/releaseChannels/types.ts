import {
  ChannelProblemCode,
  ChannelRelease,
  ReleaseChannelDeclaration,
  ReleaseChannelKind,
  ReleaseChannelReading,
} from '@platform-portal/plugin-platform-common';

/**
 * Reads the releases of one kind of channel through its real protocol (GitHub Releases, git tags,
 * the OCI distribution API, a Helm repository's `index.yaml`, the Terraform registry, PyPI, npm).
 *
 * @public
 */
export interface ReleaseVersionSource {
  readonly kind: ReleaseChannelKind;
  /**
   * Lists the channel's releases (any order). Throws a {@link ReleaseChannelError} when the channel
   * cannot be read; a target whose host is not allowed must be refused before any request is made.
   */
  listReleases(
    target: string,
    options?: { signal?: AbortSignal },
  ): Promise<ChannelRelease[]>;
}

/**
 * Why a version source could not read a channel.
 *
 * @public
 */
export class ReleaseChannelError extends Error {
  readonly code: ChannelProblemCode;
  /** For `rate-limited`: when the host said it may be asked again. */
  readonly retryAfter?: Date;
  constructor(
    code: ChannelProblemCode,
    message: string,
    options: { retryAfter?: Date; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ReleaseChannelError';
    this.code = code;
    this.retryAfter = options.retryAfter;
  }
}

/**
 * Reads declared channels with the sources that know their kinds; never throws for one channel
 * (its problem is in the reading).
 *
 * @public
 */
export interface ReleaseChannelReader {
  read(
    declaration: ReleaseChannelDeclaration,
    options?: { signal?: AbortSignal },
  ): Promise<ReleaseChannelReading>;
}
