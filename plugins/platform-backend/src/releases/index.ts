export { ModuleReleaseService } from './ModuleReleaseService';
