export { ModulePage } from './ModulePage';
