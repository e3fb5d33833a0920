import { Entity } from '@backstage/catalog-model';

/** The annotation naming the module of a module entity (see catalog-backend-module-platform). */
export const PLATFORM_MODULE_ANNOTATION = 'platform-portal.io/module';
/** The annotation naming the platform (its manifest name) of a module entity. */
export const PLATFORM_PLATFORM_ANNOTATION = 'platform-portal.io/platform';

// Where the scanner finds a component's repository (see the backend's discovery).
const SOURCE_LOCATION = 'backstage.io/source-location';
const GITHUB_SLUG = 'github.com/project-slug';

function isComponent(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

/**
 * Whether the entity is a platform module, as the platform's entity provider makes them: a
 * component with the module annotation. Its page leads to the module page instead of showing a
 * drift of its own.
 *
 * @public
 */
export function isPlatformModuleEntity(entity: Entity): boolean {
  return (
    isComponent(entity) &&
    Boolean(entity.metadata.annotations?.[PLATFORM_MODULE_ANNOTATION])
  );
}

/**
 * Whether the entity is a service that consumes platform modules: a component that is no module
 * itself, of type `service` or with a repository the scanner can read. Other components (a
 * website or library without a repository annotation) would only show an empty drift card.
 *
 * @public
 */
export function isPlatformServiceEntity(entity: Entity): boolean {
  if (!isComponent(entity) || isPlatformModuleEntity(entity)) {
    return false;
  }
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.spec?.type === 'service' ||
    Boolean(annotations[GITHUB_SLUG]) ||
    Boolean(annotations[SOURCE_LOCATION]?.startsWith('url:'))
  );
}

/**
 * Whether the entity is a group, whose page shows the drift of the services it owns.
 *
 * @public
 */
export function isGroupEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}
