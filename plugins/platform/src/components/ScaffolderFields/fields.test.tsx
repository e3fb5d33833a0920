import { getComponentData } from '@backstage/core-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  PlatformModuleInputsFieldExtension,
  PlatformModulePickerFieldExtension,
  PlatformProjectNameFieldExtension,
} from '../../legacy';
import {
  platformModuleInputsFormField,
  platformModulePickerFormField,
  platformProjectNameFormField,
  platformScaffolderFieldsModule,
} from '../../plugin';
import { validatePlatformModuleInputs } from './PlatformModuleInputs';
import { validatePlatformModulePicker } from './PlatformModulePicker';
import { validatePlatformProjectName } from './PlatformProjectName';

describe('the Create form fields', () => {
  it('are field extensions of the legacy scaffolder, named as templates use them, with their checks', () => {
    // The key under which <ScaffolderFieldExtensions> finds its children's fields.
    const key = 'scaffolder.extensions.field.v1';
    expect(
      getComponentData(<PlatformModulePickerFieldExtension />, key),
    ).toMatchObject({
      name: 'PlatformModulePicker',
      validation: validatePlatformModulePicker,
    });
    expect(
      getComponentData(<PlatformModuleInputsFieldExtension />, key),
    ).toMatchObject({
      name: 'PlatformModuleInputs',
      validation: validatePlatformModuleInputs,
    });
    expect(
      getComponentData(<PlatformProjectNameFieldExtension />, key),
    ).toMatchObject({
      name: 'PlatformProjectName',
      validation: validatePlatformProjectName,
    });
  });

  it('are form fields of the new scaffolder, in a module of the scaffolder plugin', async () => {
    expect(platformScaffolderFieldsModule.pluginId).toBe('scaffolder');
    const loader = FormFieldBlueprint.dataRefs.formFieldLoader;

    expect(
      await createExtensionTester(platformModulePickerFormField).get(loader)(),
    ).toMatchObject({
      name: 'PlatformModulePicker',
      validation: validatePlatformModulePicker,
    });
    expect(
      await createExtensionTester(platformModuleInputsFormField).get(loader)(),
    ).toMatchObject({
      name: 'PlatformModuleInputs',
      validation: validatePlatformModuleInputs,
    });
    expect(
      await createExtensionTester(platformProjectNameFormField).get(loader)(),
    ).toMatchObject({
      name: 'PlatformProjectName',
      validation: validatePlatformProjectName,
    });
  });
});
