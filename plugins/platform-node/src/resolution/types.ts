import {
  ChannelOffer,
  PlatformManifest,
} from '@platform-portal/plugin-platform-common';

/**
 * A tag of the platform repository and the commit it points at.
 *
 * @public
 */
export interface PlatformTag {
  /** Tag name without `refs/tags/`, e.g. `vpc/v1.2.0`. */
  name: string;
  /** Full SHA of the commit the tag points at, peeled for annotated tags. */
  commit: string;
  /**
   * When it was released (ISO 8601), where the host tells it: the tagger's date of an annotated
   * tag, the commit's date of a lightweight one.
   */
  date?: string;
  /** The message of an annotated tag; absent for a lightweight tag or an empty message. */
  message?: string;
}

/**
 * The platform as seen at one moment: its manifest and the tags of its repository.
 * Treat it as immutable: lookups derived from it are cached per snapshot object.
 *
 * @public
 */
export interface PlatformSnapshot {
  manifest: PlatformManifest;
  tags: PlatformTag[];
  /**
   * What the channels of each module (by module name) offered when last read; absent when they
   * were not read (offline). A reference installing a module from a channel is judged against
   * the newest release that channel offers.
   */
  channelOffers?: Record<string, ChannelOffer[]>;
}
