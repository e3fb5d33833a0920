export { NewestReleases } from './NewestReleases';
