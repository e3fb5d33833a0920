import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { runGit } from '@platform-portal/plugin-platform-engine';
import yaml from 'yaml';
import {
  createPublishFolders,
  writeCompliantProject,
} from '../tests/testPlatform';
import { createPublishGitAction } from './publishGit';
import { examples } from './publishGit.examples';

describe('platform:publish:git examples', () => {
  let root: string;
  let workspace: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ root, workspace, cleanup } = await createPublishFolders());
    await writeCompliantProject(path.join(workspace, 'project'));
  });
  afterAll(() => cleanup());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const action = createPublishGitAction({
        config: mockServices.rootConfig({
          data: {
            platform: { publish: { localRoot: root } },
          },
        }),
      });
      const { input } = yaml.parse(example).steps[0];
      const ctx = createMockActionContext({ input, workspacePath: workspace });
      await action.handler(ctx as any);
      const bare = path.join(root, `${input.repoName}.git`);
      expect(
        await runGit(
          ['ls-tree', '--name-only', input.defaultBranch ?? 'main'],
          {
            cwd: bare,
          },
        ),
      ).toContain('scripts');
    },
  );
});
