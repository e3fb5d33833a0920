export {
  platformModuleInputsField,
  platformModulePickerField,
  platformProjectNameField,
} from './fields';
export type { PlatformModuleInputsUiOptions } from './PlatformModuleInputs';
export type { PlatformModulePickerUiOptions } from './PlatformModulePicker';
export type { PlatformProjectNameUiOptions } from './PlatformProjectName';
export type { JsonInput, ModuleInputsValue } from './moduleForm';
