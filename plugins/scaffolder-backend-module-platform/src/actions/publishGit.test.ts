import { JsonObject } from '@backstage/types';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockServices } from '@backstage/backend-test-utils';
import { runGit } from '@platform-portal/plugin-platform-engine';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startCountingListener } from '../__testUtils__/countingListener';
import {
  createPublishFolders,
  writeCompliantProject,
} from '../tests/testPlatform';
import { createPublishGitAction } from './publishGit';

describe('platform:publish:git', () => {
  let root: string;
  let workspace: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ root, workspace, cleanup } = await createPublishFolders());
  });
  afterEach(() => cleanup());

  const run = (
    input: JsonObject,
    options: { isDryRun?: boolean; config?: Record<string, any> } = {},
  ) => {
    const action = createPublishGitAction({
      config: mockServices.rootConfig({
        data: options.config ?? {
          platform: {
            // As app-config names the demo's git root: the catalog reads it as github.com/acme.
            git: {
              localRoots: [root],
              rewrites: [
                { from: 'https://github.com/acme/', to: `${root}/acme/` },
              ],
            },
            publish: { localRoot: path.join(root, 'acme') },
          },
        },
      }),
    });
    // createMockActionContext leaves isDryRun out, so it is set here.
    const ctx = {
      ...createMockActionContext({
        input,
        workspacePath: workspace,
        logger: mockServices.logger.mock(),
      }),
      isDryRun: options.isDryRun,
    };
    return { ctx, result: action.handler(ctx as any) };
  };

  it('publishes the workspace to a new local bare repository, named by the URL platform.git.rewrites maps onto it', async () => {
    const { ctx, result } = run({ repoName: 'orders-api' });
    await result;
    const bare = path.join(root, 'acme', 'orders-api.git');
    const head = (await runGit(['rev-parse', 'main'], { cwd: bare })).trim();
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      'https://github.com/acme/orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      'https://github.com/acme/orders-api/blob/main',
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', head);
    expect((await runGit(['symbolic-ref', 'HEAD'], { cwd: bare })).trim()).toBe(
      'refs/heads/main',
    );
    // Says where it really published: the local git root, and the URL the portal reads it by.
    expect(ctx.logger.info).toHaveBeenCalledWith(
      `Published commit ${head.slice(
        0,
        12,
      )} (branch main) to a new repository orders-api.git in the local git root; the catalog and the scanner read it as https://github.com/acme/orders-api`,
    );
    const tree = await runGit(['ls-tree', '-r', 'main'], { cwd: bare });
    expect(tree).toMatch(/^100755 blob \w+\tscripts\/plan.sh$/m);
    expect(tree).toMatch(
      /^100644 blob \w+\tinfra\/environments\/staging\/main.tf$/m,
    );
    await expect(fs.access(path.join(workspace, '.git'))).rejects.toThrow();
  });

  it('publishes a sub-directory on another branch to a configured root', async () => {
    const project = path.join(workspace, 'project');
    await writeCompliantProject(project);
    const { ctx, result } = run(
      {
        repoName: 'billing',
        sourcePath: 'project',
        defaultBranch: 'trunk',
        gitAuthorName: 'Portal',
        gitAuthorEmail: 'portal@acme.example',
      },
      { config: { platform: { publish: { localRoot: root } } } },
    );
    await result;
    const bare = path.join(root, 'billing.git');
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(bare).href,
    );
    expect(
      await runGit(['log', '-1', '--format=%an <%ae>', 'trunk'], { cwd: bare }),
    ).toBe('Portal <portal@acme.example>\n');
    const tree = await runGit(['ls-tree', '--name-only', 'trunk'], {
      cwd: bare,
    });
    expect(tree.split('\n')).not.toContain('project');
    // No rewrite names the root: the log says so rather than give a server path.
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Published commit \w{12} \(branch trunk\) to a new repository billing\.git in the local git root; no URL rewrite \(platform\.git\.rewrites\) names it, so only this server can read it$/,
      ),
    );
  });

  it('refuses to overwrite an existing repository', async () => {
    await run({ repoName: 'orders-api' }).result;
    const bare = path.join(root, 'acme', 'orders-api.git');
    const before = await runGit(['rev-parse', 'main'], { cwd: bare });
    await fs.writeFile(path.join(workspace, 'README.md'), 'changed\n');
    await expect(run({ repoName: 'orders-api' }).result).rejects.toThrow(
      /already exists.*refusing to overwrite/,
    );
    expect(await runGit(['rev-parse', 'main'], { cwd: bare })).toBe(before);
  });

  it.each(['Orders', '../escape', 'a/b', '-x', 'x'.repeat(64), ''])(
    'refuses the repository name %j',
    async repoName => {
      await expect(run({ repoName }).result).rejects.toThrow(
        /Invalid repository name/,
      );
      expect(await fs.readdir(root)).toEqual([]);
    },
  );

  it.each(['../', '..', 'project/../../x'])(
    'refuses the source path %j',
    async sourcePath => {
      await expect(
        run({ repoName: 'orders-api', sourcePath }).result,
      ).rejects.toThrow(/may not contain '..'/);
      expect(await fs.readdir(root)).toEqual([]);
    },
  );

  it.each(['../main', 'a..b', '-x'])(
    'refuses the branch %j',
    async defaultBranch => {
      await expect(
        run({ repoName: 'orders-api', defaultBranch }).result,
      ).rejects.toThrow(/Invalid default branch/);
    },
  );

  it.each([
    'file:///tmp/repo.git',
    '/tmp/repo.git',
    'https://user:secret@git.acme.example/x.git',
  ])('refuses the remote %j', async remoteUrl => {
    await expect(
      run({ repoName: 'orders-api', remoteUrl }).result,
    ).rejects.toThrow(/remoteUrl/);
  });

  it('removes the repository when publishing fails halfway, and says why without local paths', async () => {
    const empty = path.join(workspace, 'empty');
    await fs.mkdir(empty);
    const { result } = run({ repoName: 'orders-api', sourcePath: 'empty' });
    const error = await result.catch(e => e);
    expect(error.message).toMatch(
      /^Could not publish orders-api\.git in the local git root: git commit failed/,
    );
    expect(error.message).not.toContain(workspace);
    expect(error.message).not.toContain(root);
    expect(error.message).not.toMatch(/\/tmp\/|--git-dir|--work-tree/);
    expect(await fs.readdir(path.join(root, 'acme'))).toEqual([]);
  });

  it('logs and refuses local repositories by name, never by their path', async () => {
    const config = { platform: { publish: { localRoot: root } } };
    const messages = (ctx: { logger: any }) =>
      Object.values(ctx.logger)
        .flatMap(fn => (fn as jest.Mock).mock?.calls ?? [])
        .map(call => JSON.stringify(call))
        .join('\n');

    const dry = run({ repoName: 'orders-api' }, { isDryRun: true, config });
    await dry.result;
    const published = run({ repoName: 'orders-api' }, { config });
    await published.result;
    const again = run({ repoName: 'orders-api' }, { config });
    const error = await again.result.catch(e => e);

    const seen = [messages(dry.ctx), messages(published.ctx), error.message];
    for (const text of seen) {
      expect(text).toContain('orders-api');
      expect(text).not.toContain(root);
      expect(text).not.toMatch(/file:|\/tmp\//);
    }
    expect(error.message).toBe(
      'orders-api.git already exists in the local git root; refusing to overwrite it',
    );
  });

  it('refuses a remote on a host without an integration, and reaches nothing', async () => {
    const listener = await startCountingListener();
    try {
      for (const remoteUrl of [
        `https://127.0.0.1:${listener.port}/acme/orders-api.git`,
        `ssh://git@127.0.0.1:${listener.port}/acme/orders-api.git`,
        'https://github.com:8443/acme/orders-api.git',
      ]) {
        const error = await run({
          repoName: 'orders-api',
          remoteUrl,
        }).result.catch(e => e);
        expect(error.name).toBe('InputError');
        expect(error.message).toBe(
          `remoteUrl ${remoteUrl} is on no host with an integration in app-config (integrations)`,
        );
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('takes a remote on a host with an integration', async () => {
    const { ctx, result } = run(
      {
        repoName: 'orders-api',
        remoteUrl: 'https://github.com/acme/orders-api.git',
      },
      { isDryRun: true },
    );
    await result;
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      'https://github.com/acme/orders-api/tree/main',
    );
  });

  it('only says what it would do in a dry run', async () => {
    const { ctx, result } = run({ repoName: 'orders-api' }, { isDryRun: true });
    await result;
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      'https://github.com/acme/orders-api',
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'commitHash',
      expect.anything(),
    );
    expect(await fs.readdir(root)).toEqual([]);
  });

  it('needs a remote or a local root', async () => {
    const { result } = run({ repoName: 'orders-api' }, { config: {} });
    await expect(result).rejects.toThrow(/no local repository root/);
  });

  it('publishes nowhere the demo module makes its repositories', async () => {
    const { result } = run(
      { repoName: 'orders-api' },
      {
        config: {
          platform: { demo: { examplesDir: root, repositoriesDir: root } },
        },
      },
    );
    await expect(result).rejects.toThrow(/no local repository root/);
    expect(await fs.readdir(root)).toEqual([]);
  });
});
