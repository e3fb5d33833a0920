import { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import {
  PlatformModuleInputs,
  PlatformModuleInputsUiOptions,
  validatePlatformModuleInputs,
} from './PlatformModuleInputs';
import {
  PlatformModulePicker,
  PlatformModulePickerUiOptions,
  validatePlatformModulePicker,
} from './PlatformModulePicker';
import {
  PlatformProjectName,
  PlatformProjectNameUiOptions,
  validatePlatformProjectName,
} from './PlatformProjectName';
import { ModuleInputsValue } from './moduleForm';

/** The module picker as a scaffolder field, for both frontend systems. */
export const platformModulePickerField: FieldExtensionOptions<
  string[],
  PlatformModulePickerUiOptions
> = {
  name: 'PlatformModulePicker',
  component: PlatformModulePicker,
  validation: validatePlatformModulePicker,
};

/** The module inputs step as a scaffolder field, for both frontend systems. */
export const platformModuleInputsField: FieldExtensionOptions<
  ModuleInputsValue,
  PlatformModuleInputsUiOptions
> = {
  name: 'PlatformModuleInputs',
  component: PlatformModuleInputs,
  validation: validatePlatformModuleInputs,
};

/** The project name, checked while typed, as a scaffolder field for both frontend systems. */
export const platformProjectNameField: FieldExtensionOptions<
  string,
  PlatformProjectNameUiOptions
> = {
  name: 'PlatformProjectName',
  component: PlatformProjectName,
  validation: validatePlatformProjectName,
};
