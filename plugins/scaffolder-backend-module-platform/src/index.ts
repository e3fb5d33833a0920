/**
 * Scaffolder actions of the platform plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatform as default } from './module';
