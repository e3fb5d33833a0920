export { platformModuleInputsField, platformModulePickerField } from './fields';
export type { PlatformModuleInputsUiOptions } from './PlatformModuleInputs';
export type { PlatformModulePickerUiOptions } from './PlatformModulePicker';
export type { JsonInput, ModuleInputsValue } from './moduleForm';
