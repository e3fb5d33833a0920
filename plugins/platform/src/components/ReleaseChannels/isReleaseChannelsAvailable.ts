import { Entity } from '@backstage/catalog-model';
import { declaresReleaseChannels } from './skewPresentation';

/**
 * Whether an entity declares release channels, e.g. for `<EntitySwitch.Case if={...}>` around
 * the release channels card in apps on the legacy frontend system.
 *
 * @public
 */
export function isReleaseChannelsAvailable(entity: Entity): boolean {
  return declaresReleaseChannels(entity.metadata.annotations);
}
