/**
 * Frontend plugin for platform module drift and release channels.
 *
 * The default export is the plugin for the new frontend system; `legacyPlatformPlugin`,
 * `PlatformPage`, `EntityPlatformContent`, `EntityDriftCard` and `EntityReleaseChannelsCard` serve apps on the legacy
 * frontend system. The Create form's fields are `platformScaffolderFieldsModule` on the new frontend system and
 * `PlatformProjectNameFieldExtension`, `PlatformModulePickerFieldExtension` and `PlatformModuleInputsFieldExtension` on the legacy one.
 *
 * @packageDocumentation
 */

export {
  platformPlugin as default,
  platformScaffolderFieldsModule,
} from './plugin';
export * from './api';
export {
  legacyPlatformPlugin,
  PlatformPage,
  EntityPlatformContent,
  EntityDriftCard,
  EntityReleaseChannelsCard,
  EntityModuleCard,
  EntityGroupDriftCard,
  PlatformModulePickerFieldExtension,
  PlatformModuleInputsFieldExtension,
  PlatformProjectNameFieldExtension,
  isReleaseChannelsAvailable,
  isPlatformModuleEntity,
  isPlatformServiceEntity,
} from './legacy';
export type {
  JsonInput,
  ModuleInputsValue,
  PlatformModuleInputsUiOptions,
  PlatformModulePickerUiOptions,
  PlatformProjectNameUiOptions,
} from './components/ScaffolderFields';
export { verdictLabels } from './components/verdicts';
