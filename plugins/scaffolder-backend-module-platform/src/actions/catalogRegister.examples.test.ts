import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createRegisterAction } from '../__testUtils__/registerAction';
import { examples } from './catalogRegister.examples';

describe('platform:catalog:register examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const { input } = yaml.parse(example).steps[0];
      const [, name] = input.entityRef.split('/');
      const { action } = createRegisterAction({
        holds: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name },
          },
        ],
      });
      const ctx = createMockActionContext({ input });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('entityRef', input.entityRef);
    },
  );
});
