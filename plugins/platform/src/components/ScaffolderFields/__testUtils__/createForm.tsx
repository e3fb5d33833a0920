import { renderInTestApp } from '@backstage/frontend-test-utils';
import { TemplateParameterSchema } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { platformApiRef } from '../../../api';
import {
  platformModuleInputsField,
  platformModulePickerField,
} from '../fields';
import { fixtureModuleSource } from './platformModules';

/** The form contract of the federated-project template's infrastructure and inputs steps. */
export const createProjectForm: TemplateParameterSchema = {
  title: 'Federated project',
  steps: [
    {
      title: 'Infrastructure',
      schema: {
        type: 'object',
        required: ['iacTool', 'modules'],
        properties: {
          iacTool: {
            title: 'Infrastructure as code tool',
            type: 'string',
            enum: ['terraform', 'opentofu', 'crossplane'],
            default: 'terraform',
          },
          modules: {
            title: 'Modules',
            description: 'Modules of the platform that fit the tool.',
            type: 'array',
            minItems: 1,
            errorMessage: { minItems: 'Choose at least one module.' },
            uniqueItems: true,
            items: { type: 'string' },
            'ui:field': 'PlatformModulePicker',
            'ui:options': { toolField: 'iacTool' },
          },
        },
      },
    },
    {
      title: 'Module inputs',
      schema: {
        type: 'object',
        properties: {
          moduleInputs: {
            title: 'Module inputs',
            type: 'object',
            'ui:field': 'PlatformModuleInputs',
            'ui:options': { modulesField: 'modules', toolField: 'iacTool' },
            'ui:backstage': { review: { explode: false } },
          },
        },
      },
    },
  ],
};

/**
 * Renders the scaffolder's own form wizard with the platform fields, against the fixture
 * platform; resolves the values the form would create the project with.
 */
export async function renderCreateForm(
  options: { initialState?: Record<string, any> } = {},
) {
  const api = fixtureModuleSource();
  // The wizard scrolls to the top of each step, which jsdom does not implement.
  jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
  const onCreate = jest.fn(async (_values: Record<string, unknown>) => {});
  await renderInTestApp(
    <Stepper
      manifest={createProjectForm}
      extensions={[platformModulePickerField, platformModuleInputsField]}
      initialState={options.initialState}
      onCreate={onCreate}
    />,
    { apis: [[platformApiRef, api]] },
  );
  return { api, onCreate };
}
