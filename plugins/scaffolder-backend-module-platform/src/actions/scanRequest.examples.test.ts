import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { createScanRequestAction } from './scanRequest';
import { examples } from './scanRequest.examples';

const BASE_URL = 'http://platform.test/api/platform';

describe('platform:scan:request examples', () => {
  const server = setupServer(
    http.post(`${BASE_URL}/scans`, () =>
      HttpResponse.json({ scan: { id: 'scan-1' } }, { status: 202 }),
    ),
  );
  registerMswTestHooks(server);

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const action = createScanRequestAction({
        auth: mockServices.auth(),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => BASE_URL,
        }),
      });
      const { input } = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({ input });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('scanId', 'scan-1');
    },
  );
});
