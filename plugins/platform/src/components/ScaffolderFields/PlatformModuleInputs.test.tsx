import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderCreateForm } from './__testUtils__/createForm';

/** Types text as one edit: the whole wizard renders again on every keystroke. */
async function fill(element: Element, text: string) {
  await userEvent.click(element);
  await userEvent.paste(text);
}

async function toInputsStep(modules: string[]) {
  const rendered = await renderCreateForm({
    initialState: { iacTool: 'terraform', modules },
  });
  await screen.findByRole('checkbox', { name: modules[0] });
  await userEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findAllByRole('region');
  return rendered;
}

describe('PlatformModuleInputs', () => {
  it("asks vpc's inputs, its cidr required, and shows the wired name with its source", async () => {
    await toInputsStep(['vpc', 's3-bucket']);

    const vpc = screen.getByRole('region', { name: 'vpc 2.1.1' });
    const cidr = within(vpc).getByRole('textbox', { name: /^cidr/ });
    expect(cidr).toBeRequired();
    // The description's two lines, and that the platform checks its validation rule.
    expect(cidr).toHaveAccessibleDescription(
      'IPv4 CIDR block of the VPC.\nA /16 leaves room for three zones. Type string · has a validation rule, which the platform checks when the project is created',
    );
    const region = within(vpc).getByRole('textbox', { name: 'region' });
    expect(region).not.toBeRequired();
    expect(region).toHaveAttribute('placeholder', 'eu-west-1');
    expect(
      within(vpc).getByRole('textbox', { name: 'az_count' }),
    ).toHaveAttribute('placeholder', '3');
    expect(
      within(vpc).getByRole('checkbox', { name: 'enable_ipv6' }),
    ).not.toBeChecked();

    // Fed by the platform, not asked.
    const name = within(vpc).getByRole('textbox', { name: 'name' });
    expect(name).toHaveValue('from project.name');
    expect(name).toHaveAttribute('readonly');
    expect(
      within(screen.getByRole('region', { name: 's3-bucket 1.4.0' })).getByRole(
        'textbox',
        {
          name: 'name',
        },
      ),
    ).toHaveValue('from project.name');
  });

  it('asks an input that several modules take once', async () => {
    await toInputsStep(['vpc', 's3-bucket']);

    expect(screen.getAllByRole('textbox', { name: 'tags' })).toHaveLength(1);
    const shared = screen.getByRole('region', { name: 'Shared inputs' });
    expect(
      within(shared).getByRole('textbox', { name: 'tags' }),
    ).toHaveAccessibleDescription(
      'Type map(string) · default {} · for vpc and s3-bucket',
    );
  });

  it("wires eks's subnets from the chosen vpc", async () => {
    await toInputsStep(['vpc', 'eks']);
    expect(
      within(screen.getByRole('region', { name: 'eks 3.2.0' })).getByRole(
        'textbox',
        {
          name: 'subnet_ids',
        },
      ),
    ).toHaveValue('from vpc.private_subnet_ids');
  });

  it('refuses an empty required input, a bad number and bad JSON, then writes the value', async () => {
    const { api, onCreate } = await toInputsStep(['vpc', 'rds', 's3-bucket']);
    const review = () =>
      userEvent.click(screen.getByRole('button', { name: 'Review' }));

    await review();
    expect(
      await screen.findAllByText('`cidr` of vpc is required'),
    ).not.toHaveLength(0);
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();

    const vpc = screen.getByRole('region', { name: 'vpc 2.1.1' });
    const rds = screen.getByRole('region', { name: 'rds 2.1.0' });
    await fill(
      within(vpc).getByRole('textbox', { name: /^cidr/ }),
      '10.20.0.0/16',
    );
    // Sensitive: not asked, since the repository would keep it; the pipeline sets it.
    expect(
      within(rds).getByRole('textbox', { name: 'master_password' }),
    ).toHaveValue('set in the pipeline as TF_VAR_master_password');
    await fill(
      within(rds).getByRole('textbox', { name: 'allocated_storage' }),
      'lots',
    );
    await fill(
      screen.getByRole('textbox', { name: 'tags' }),
      '{"team": "orders"',
    );
    await review();
    expect(
      await screen.findAllByText(
        '`allocated_storage` of rds must be a number, not "lots"',
      ),
    ).not.toHaveLength(0);
    expect(
      screen.getAllByText(/^`tags` of vpc and s3-bucket is not valid JSON: /),
    ).not.toHaveLength(0);
    expect(
      screen.queryByText('`cidr` of vpc is required'),
    ).not.toBeInTheDocument();

    const storage = within(rds).getByRole('textbox', {
      name: 'allocated_storage',
    });
    await userEvent.clear(storage);
    await fill(storage, '100');
    await fill(screen.getByRole('textbox', { name: 'tags' }), '}');
    await userEvent.click(
      within(vpc).getByRole('checkbox', { name: 'enable_ipv6' }),
    );
    await review();

    // The review shows each module at the release that will be pinned, and its inputs.
    const create = await screen.findByRole('button', { name: 'Create' });
    const moduleInputs = within(screen.getByRole('table'))
      .getByText('Module inputs')
      .closest('tr')!;
    expect(moduleInputs).toHaveTextContent(
      'vpc: version: 2.1.1inputs: tags: team: orderscidr: 10.20.0.0/16enable_ipv6: ✅rds: version: 2.1.0inputs: allocated_storage: 100',
    );
    expect(moduleInputs).toHaveTextContent(
      's3-bucket: version: 1.4.0inputs: tags: team: orders',
    );
    await userEvent.click(create);
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        modules: ['vpc', 'rds', 's3-bucket'],
        moduleInputs: {
          vpc: {
            version: '2.1.1',
            inputs: {
              cidr: '10.20.0.0/16',
              enable_ipv6: true,
              tags: { team: 'orders' },
            },
          },
          rds: {
            version: '2.1.0',
            inputs: { allocated_storage: 100 },
          },
          's3-bucket': {
            version: '1.4.0',
            inputs: { tags: { team: 'orders' } },
          },
        },
      }),
    );
    // The step and its three checks read each release's interface once.
    expect([...api.interfaceReads].sort()).toEqual([
      'rds@2.1.0',
      's3-bucket@1.4.0',
      'vpc@2.1.1',
    ]);
  }, 90_000);
});
