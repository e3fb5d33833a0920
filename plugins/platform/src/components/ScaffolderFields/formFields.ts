import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  platformModuleInputsField,
  platformModulePickerField,
  platformProjectNameField,
} from './fields';

// The same name, component and validation as the legacy extensions; no schema, which the new
// system would want as zod rather than JSON schema.
const {
  name: pickerName,
  component: picker,
  validation: pickerValidation,
} = platformModulePickerField;
const {
  name: inputsName,
  component: inputs,
  validation: inputsValidation,
} = platformModuleInputsField;

/** The module picker as the new frontend system loads it, lazily with the scaffolder page. */
export const platformModulePickerFormField = createFormField({
  name: pickerName,
  component: picker,
  validation: pickerValidation,
});

/** The module inputs step as the new frontend system loads it. */
export const platformModuleInputsFormField = createFormField({
  name: inputsName,
  component: inputs,
  validation: inputsValidation,
});

/** The project name field as the new frontend system loads it. */
export const platformProjectNameFormField = createFormField({
  name: platformProjectNameField.name,
  component: platformProjectNameField.component,
  validation: platformProjectNameField.validation,
});
