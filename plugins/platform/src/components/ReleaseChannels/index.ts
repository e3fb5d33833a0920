export {
  EntityReleaseChannelsCard,
  EntityReleaseChannelsSection,
} from './EntityReleaseChannels';
export { ReleaseChannelsPage } from './ReleaseChannelsPage';
export { declaresReleaseChannels } from './skewPresentation';
