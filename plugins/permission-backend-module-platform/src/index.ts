/**
 * The Platform Portal's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */

export { permissionModulePlatformPolicy as default } from './module';
export {
  DEFAULT_ADMIN_GROUPS,
  PlatformPermissionPolicy,
} from './PlatformPermissionPolicy';
