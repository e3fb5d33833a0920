/**
 * Catalog module of the platform plugin: platform modules as catalog entities, and the services
 * that use them as their dependents.
 *
 * @packageDocumentation
 */

export { catalogModulePlatform as default } from './module';
