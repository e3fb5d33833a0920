import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModulePlatform } from './module';

describe('scaffolderModulePlatform', () => {
  it('registers the platform actions with the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModulePlatform],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'platform:project:check',
      'platform:modules:resolve',
      'platform:policy:check',
      'platform:publish:target',
      'platform:publish:git',
      'platform:scan:request',
      'platform:catalog:register',
    ]);
  });
});
