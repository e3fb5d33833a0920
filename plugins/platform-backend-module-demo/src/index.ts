/**
 * The offline demo of the platform plugin, as a module of it.
 *
 * @packageDocumentation
 */

export { platformModuleDemo as default } from './module';
export { createDemoRepositories } from './createDemoRepositories';
export type {
  CreateDemoRepositoriesOptions,
  DemoRepositories,
  DemoRepository,
} from './createDemoRepositories';
