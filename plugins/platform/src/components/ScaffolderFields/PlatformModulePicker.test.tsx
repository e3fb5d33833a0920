import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiHolder } from '@backstage/core-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { platformApiRef } from '../../api';
import { renderCreateForm } from './__testUtils__/createForm';
import { fixtureModuleSource } from './__testUtils__/platformModules';
import { validatePlatformModulePicker } from './PlatformModulePicker';

describe('PlatformModulePicker', () => {
  it('offers the Terraform modules of the platform with their description and latest release', async () => {
    await renderCreateForm();

    const group = await screen.findByRole('group', {
      name: 'Modules',
    });
    const boxes = await within(group).findAllByRole('checkbox');
    expect(boxes.map(box => box.closest('label')?.textContent)).toEqual([
      'vpc',
      'eks',
      'rds',
      's3-bucket',
      'dns',
    ]);
    expect(
      within(group).getByRole('checkbox', { name: 'vpc' }),
    ).toHaveAccessibleDescription(
      'Standard VPC with public, private and database subnets across three zones. Latest release 2.1.1.',
    );
    // Nothing to pin yet, so nothing to choose.
    expect(within(group).getByRole('checkbox', { name: 'dns' })).toBeDisabled();
    expect(
      within(group).getByRole('checkbox', { name: 'dns' }),
    ).toHaveAccessibleDescription(
      'Route 53 records in the shared zones. No release yet.',
    );
    expect(
      within(group).queryByRole('checkbox', { name: 'terraform-ci' }),
    ).not.toBeInTheDocument();
    expect(
      within(group).queryByRole('checkbox', { name: 'postgresql' }),
    ).not.toBeInTheDocument();
  });

  it('offers the compositions when the tool is Crossplane, and drops modules chosen for another tool', async () => {
    const { onCreate } = await renderCreateForm({
      initialState: { iacTool: 'crossplane', modules: ['vpc'] },
    });

    const group = await screen.findByRole('group', {
      name: 'Modules',
    });
    const postgresql = await within(group).findByRole('checkbox', {
      name: 'postgresql',
    });
    expect(within(group).getAllByRole('checkbox')).toEqual([postgresql]);
    expect(postgresql).not.toBeChecked();

    // vpc was dropped, so the step is refused as empty until a composition is chosen.
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText('Choose at least one module.'),
    ).toBeInTheDocument();
    await userEvent.click(postgresql);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByRole('region', { name: 'postgresql 1.1.0' }),
    ).toBeInTheDocument();
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('refuses, when checked, modules the platform does not offer for the tool or has not released', async () => {
    const api = fixtureModuleSource();
    const validation = createFieldValidation();
    await validatePlatformModulePicker(
      ['vpc', 'postgresql', 'dns', 'nope'],
      validation,
      {
        apiHolder: {
          get: ref => (ref.id === platformApiRef.id ? api : undefined),
        } as ApiHolder,
        formData: { iacTool: 'opentofu' },
        schema: {},
        uiSchema: { 'ui:options': { toolField: 'iacTool' } },
      },
    );

    expect(validation.__errors).toEqual([
      'postgresql is not a Terraform module of the platform',
      'dns has no release yet',
      'nope is not a Terraform module of the platform',
    ]);
  });
});
