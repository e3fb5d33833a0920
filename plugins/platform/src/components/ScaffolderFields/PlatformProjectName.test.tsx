import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ComponentProps } from 'react';
import { ApiHolder } from '@backstage/core-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { TemplateParameterSchema } from '@backstage/plugin-scaffolder-react';
import {
  createFieldValidation,
  Stepper,
} from '@backstage/plugin-scaffolder-react/alpha';
import { platformProjectNameField } from './fields';
import { validatePlatformProjectName } from './PlatformProjectName';
import { ProjectNameAnswer } from './projectNameCheck';

const BASE_URL = 'http://portal.test/api/scaffolder';

/** The form's values, as the scaffolder hands them to fields and checks. */
type FormValues = Parameters<typeof validatePlatformProjectName>[2]['formData'];

/** The name field as the federated-project template declares it. */
const form: TemplateParameterSchema = {
  title: 'Federated project',
  steps: [
    {
      title: 'The project',
      schema: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            title: 'Project name',
            type: 'string',
            description: 'Names the repository and the catalog component.',
            pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
            errorMessage: {
              pattern:
                'A project name has only lower-case letters, digits and dashes, starts with a letter or a digit, and has at most 63 characters.',
            },
            'ui:field': 'PlatformProjectName',
            'ui:options': {
              publishTargetField: 'publishTarget',
              repoUrlField: 'repoUrl',
            },
            'ui:hideError': true,
          },
        },
      },
    },
    {
      title: 'Publish',
      schema: {
        type: 'object',
        properties: {
          publishTarget: { type: 'string', enum: ['local', 'github'] },
        },
      },
    },
  ],
};

/** What the scaffolder's platform module answers: payments-api is taken, dns cannot be checked. */
function answer(name: string, repoUrl: string | null): ProjectNameAnswer {
  if (name === 'payments-api') {
    return {
      name,
      taken: [
        'payments-api already exists in the catalog (owned by Payments).',
      ],
      notAsked: [],
      asked: ['the catalog', 'the local demo git root'],
    };
  }
  if (/[^a-z0-9-]/.test(name)) {
    return {
      name,
      invalid: `A project name is written in lower case: ${name.toLowerCase()} rather than ${name}.`,
      taken: [],
      notAsked: [],
      asked: [],
    };
  }
  return repoUrl
    ? {
        name,
        taken: [],
        notAsked: [
          'github.com was not asked: it is not a repository host the portal is configured to publish to.',
        ],
        asked: ['the catalog'],
      }
    : {
        name,
        taken: [],
        notAsked: [],
        asked: ['the catalog', 'the local demo git root'],
      };
}

function fakeScaffolder() {
  const asked: string[] = [];
  const fetchApi = {
    fetch: jest.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      asked.push(`${url.pathname}${url.search}`);
      if (url.searchParams.get('name') === 'down') {
        return new Response('{}', { status: 503, statusText: 'Unavailable' });
      }
      return Response.json(
        answer(url.searchParams.get('name')!, url.searchParams.get('repoUrl')),
      );
    }),
  };
  const discoveryApi = { getBaseUrl: async () => BASE_URL };
  return { asked, fetchApi, discoveryApi };
}

async function renderForm(
  initialState?: ComponentProps<typeof Stepper>['initialState'],
) {
  const scaffolder = fakeScaffolder();
  jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
  const onCreate = jest.fn(async () => {});
  await renderInTestApp(
    <Stepper
      manifest={form}
      extensions={[platformProjectNameField]}
      initialState={initialState}
      onCreate={onCreate}
    />,
    {
      apis: [
        [fetchApiRef, scaffolder.fetchApi],
        [discoveryApiRef, scaffolder.discoveryApi],
      ],
    },
  );
  return { ...scaffolder, onCreate };
}

describe('PlatformProjectName', () => {
  it('says a free name is free once typing pauses, asking once', async () => {
    const { asked } = await renderForm();
    const field = screen.getByRole('textbox', { name: /Project name/ });
    expect(field).toHaveAccessibleDescription(
      'Names the repository and the catalog component.',
    );
    await userEvent.type(field, 'orders-api');
    expect(
      await screen.findByText(
        'orders-api is free: checked the catalog and the local demo git root.',
      ),
    ).toBeInTheDocument();
    // Debounced: one question for the whole name, not one per key.
    expect(asked).toEqual([
      '/api/scaffolder/platform/project-name?name=orders-api',
    ]);
  });

  it('says in words that a name is taken in the catalog, and who owns it', async () => {
    await renderForm();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Project name/ }),
      'payments-api',
    );
    const message = await screen.findByText(
      'payments-api already exists in the catalog (owned by Payments). Choose another project name.',
    );
    expect(
      screen.getByRole('textbox', { name: /Project name/ }),
    ).toHaveAttribute('aria-invalid', 'true');
    expect(message).toBeInTheDocument();
  });

  it('refuses a taken name on Next, in the same words', async () => {
    await renderForm({ name: 'payments-api' });
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText(
        'payments-api already exists in the catalog (owned by Payments). Choose another project name.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Review' })).toBeNull();
    expect(screen.queryByText(/must/)).toBeNull();
  });

  it('says what is wrong with a name in words, never as a pattern', async () => {
    await renderForm();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Project name/ }),
      'Orders',
    );
    expect(
      await screen.findByText(
        'A project name is written in lower case: orders rather than Orders.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/pattern/)).toBeNull();
  });

  it('keeps the person on the step until the project has a name', async () => {
    const { asked } = await renderForm();
    const field = screen.getByRole('textbox', { name: /Project name/ });
    expect(field).toBeRequired();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      screen.getByRole('textbox', { name: /Project name/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/required property/)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('asks about the GitHub repository when the project goes to GitHub, and says what was not asked', async () => {
    const { asked } = await renderForm({
      publishTarget: 'github',
      repoUrl: 'github.com?owner=acme&repo=orders-api',
    });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Project name/ }),
      'orders-api',
    );
    expect(
      await screen.findByText(
        'orders-api is free: checked the catalog. github.com was not asked: it is not a repository host the portal is configured to publish to.',
      ),
    ).toBeInTheDocument();
    expect(asked).toEqual([
      `/api/scaffolder/platform/project-name?name=orders-api&repoUrl=${encodeURIComponent(
        'github.com?owner=acme&repo=orders-api',
      )}`,
    ]);
  });

  it('says when the name could not be checked, without holding the person up', async () => {
    await renderForm();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Project name/ }),
      'down',
    );
    expect(
      await screen.findByText(
        /^Could not check whether down is free \(.*\); Create checks it again\.$/,
      ),
    ).toBeInTheDocument();
  });
});

describe('validatePlatformProjectName', () => {
  function context(formData: FormValues = {}) {
    const { fetchApi, discoveryApi, asked } = fakeScaffolder();
    return {
      asked,
      context: {
        apiHolder: {
          get: (ref: { id: string }) =>
            ({ 'core.fetch': fetchApi, 'core.discovery': discoveryApi }[
              ref.id
            ]),
        } as ApiHolder,
        formData,
        schema: {},
        uiSchema: {},
      },
    };
  }

  it.each([
    [
      'payments-api',
      [
        'payments-api already exists in the catalog (owned by Payments). Choose another project name.',
      ],
    ],
    [
      'Orders',
      ['A project name is written in lower case: orders rather than Orders.'],
    ],
    ['orders-api', []],
    // The check is down: Create asks again, so Next is not held up.
    ['down', []],
  ])('answers %j with %j', async (name, errors) => {
    const validation = createFieldValidation();
    await validatePlatformProjectName(name, validation, context().context);
    expect(validation.__errors ?? []).toEqual(errors);
  });

  it('asks about the local git root unless the project goes to GitHub', async () => {
    const local = context({
      publishTarget: 'local',
      repoUrl: 'github.com?owner=acme&repo=x',
    });
    await validatePlatformProjectName(
      'orders-api',
      createFieldValidation(),
      local.context,
    );
    expect(local.asked).toEqual([
      '/api/scaffolder/platform/project-name?name=orders-api',
    ]);
  });
});
