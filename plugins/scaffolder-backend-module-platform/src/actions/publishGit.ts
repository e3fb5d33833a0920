import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  redactLocalPaths,
  redactUrlCredentials,
} from '@platform-portal/plugin-platform-common';
import { UrlRewrite } from '@platform-portal/plugin-platform-node';
import {
  createGitCredentials,
  GitRunOptions,
  readUrlRewrites,
  runGit,
} from '@platform-portal/plugin-platform-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { safeChildPath } from './policyCheck';
import { examples } from './publishGit.examples';

const REPO_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
const REMOTE = /^(?:https:\/\/|ssh:\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)/;
const SCP_LIKE_HOST = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):/;

function validateBranch(branch: string) {
  if (
    !BRANCH.test(branch) ||
    branch.includes('..') ||
    branch.includes('//') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock')
  ) {
    throw new InputError(`Invalid default branch '${branch}'`);
  }
}

/** The remote must be on a host with an integration, as on no other host may the backend push. */
function validateRemote(url: string, integrations: ScmIntegrationRegistry) {
  if (!REMOTE.test(url)) {
    throw new InputError(
      `remoteUrl must be an https or ssh git URL, not ${url}; leave it out to publish to the local repository root`,
    );
  }
  if (/^https:\/\/[^/]*@/.test(url)) {
    throw new InputError(
      'remoteUrl may not carry credentials; configure them under integrations',
    );
  }
  const scpHost = SCP_LIKE_HOST.exec(url)?.[1];
  let integration;
  try {
    integration = scpHost
      ? integrations.byHost(scpHost)
      : integrations.byHost(new URL(url).host);
  } catch {
    integration = undefined;
  }
  if (!integration) {
    throw new InputError(
      `remoteUrl ${url} is on no host with an integration in app-config (integrations)`,
    );
  }
}

/** Why a git step failed, without the command line, local paths or credentials. */
function gitFailure(step: string, error: unknown): string {
  const stderr = (error as { stderr?: string })?.stderr ?? '';
  const said = stderr
    .split('\n')
    .map(line => line.trim())
    .filter(line => /^(fatal|error|remote):/.test(line))
    .join(' ');
  return redactLocalPaths(
    redactUrlCredentials(
      `git ${step} failed${said ? `: ${said}` : ''}`.slice(0, 1000),
    ),
  );
}

function webUrl(remote: string, branch: string): string | undefined {
  const https = /^https:\/\/([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(remote);
  return https ? `https://${https[1]}/${https[2]}/tree/${branch}` : undefined;
}

/**
 * The URL a rewrite of `platform.git.rewrites` maps onto a local bare repository, which the
 * catalog and the scanner read it by; undefined when none does.
 */
export function rewrittenUrl(
  bareDir: string,
  rewrites: UrlRewrite[],
): string | undefined {
  for (const { from, to } of rewrites) {
    if (!to.startsWith('file://')) {
      continue;
    }
    let directory: string;
    try {
      directory = fileURLToPath(to);
    } catch {
      continue;
    }
    const relative = path.relative(directory, bareDir);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      const prefix = from.endsWith('/') ? from : `${from}/`;
      return `${prefix}${relative.split(path.sep).join('/')}`.replace(
        /\.git$/,
        '',
      );
    }
  }
  return undefined;
}

async function exists(target: string): Promise<boolean> {
  return fs.lstat(target).then(
    () => true,
    () => false,
  );
}

/**
 * `platform:publish:git`: commits the workspace and pushes it to a new repository, either any
 * git remote or a local bare repository under `platform.publish.localRoot`.
 */
export function createPublishGitAction(options: {
  config: Config;
  logger?: LoggerService;
}) {
  const { config } = options;
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials = createGitCredentials(integrations);
  const configuredRoot = config.getOptionalString('platform.publish.localRoot');
  const localRoot = configuredRoot ? path.resolve(configuredRoot) : undefined;
  const rewrites = readUrlRewrites(config);

  /** The push credentials as git configuration, which runGit passes through the environment. */
  async function credentialConfig(
    url: string,
  ): Promise<Record<string, string>> {
    if (!url.startsWith('https://')) {
      return {};
    }
    const found = await credentials(url);
    if (!found) {
      return {};
    }
    const basic = Buffer.from(`${found.username}:${found.password}`).toString(
      'base64',
    );
    return { 'http.extraHeader': `Authorization: Basic ${basic}` };
  }

  return createTemplateAction({
    id: 'platform:publish:git',
    description:
      'Publishes the workspace to a new git repository: a remote, or a local bare repository under the configured root. Never overwrites an existing repository.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string({
              description:
                'Repository name: lower-case letters, digits and dashes, at most 63 characters',
            })
            .regex(REPO_NAME),
        remoteUrl: z =>
          z
            .string({
              description:
                'An https or ssh URL of an existing empty repository on a host with an integration in app-config; when absent, a local bare repository is created under platform.publish.localRoot',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'The branch to push; main by default' })
            .optional(),
        sourcePath: z =>
          z
            .string({
              description:
                'The directory inside the workspace to publish; the whole workspace by default',
            })
            .optional(),
        gitAuthorName: z =>
          z.string({ description: 'Author of the initial commit' }).optional(),
        gitAuthorEmail: z =>
          z
            .string({
              description: 'E-mail of the author of the initial commit',
            })
            .optional(),
        gitCommitMessage: z =>
          z.string({ description: 'Message of the initial commit' }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({
            description:
              'The repository URL the catalog and the scanner read (for a local repository, the URL platform.git.rewrites maps onto it, else its file:// URL)',
          }),
        repoContentsUrl: z =>
          z.string({ description: 'Where the pushed branch can be browsed' }),
        commitHash: z =>
          z
            .string({ description: 'The pushed commit; absent in dry runs' })
            .optional(),
      },
    },
    async handler(ctx) {
      const {
        repoName,
        remoteUrl,
        defaultBranch = 'main',
        sourcePath = '.',
        gitAuthorName = 'Scaffolder',
        gitAuthorEmail = 'scaffolder@backstage.io',
        gitCommitMessage = 'Initial commit',
      } = ctx.input;
      if (!REPO_NAME.test(repoName)) {
        throw new InputError(
          `Invalid repository name '${repoName}': use lower-case letters, digits and dashes, at most 63 characters`,
        );
      }
      validateBranch(defaultBranch);
      const source = safeChildPath(ctx.workspacePath, sourcePath);

      let pushUrl: string;
      let publicUrl: string;
      let contentsUrl: string;
      let bareDir: string | undefined;
      /** The repository as the user knows it, for logs and errors: never a local path. */
      let shownAs: string;
      if (remoteUrl) {
        validateRemote(remoteUrl, integrations);
        pushUrl = remoteUrl;
        publicUrl = remoteUrl;
        contentsUrl = webUrl(remoteUrl, defaultBranch) ?? remoteUrl;
        shownAs = remoteUrl;
      } else {
        if (!localRoot) {
          throw new InputError(
            'No remoteUrl given and no local repository root configured (platform.publish.localRoot)',
          );
        }
        bareDir = path.join(localRoot, `${repoName}.git`);
        pushUrl = bareDir;
        const rewritten = rewrittenUrl(bareDir, rewrites);
        publicUrl = rewritten ?? pathToFileURL(bareDir).href;
        contentsUrl = rewritten
          ? `${rewritten}/blob/${defaultBranch}`
          : publicUrl;
        shownAs = `${repoName}.git in the local git root`;
      }
      // Where the catalog and the scanner read what is published, when it is not a local path.
      const readAs =
        bareDir && publicUrl.startsWith('file:')
          ? 'no URL rewrite (platform.git.rewrites) names it, so only this server can read it'
          : `the catalog and the scanner read it as ${publicUrl}`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit ${sourcePath} and push it to ${
            bareDir ? `a new repository ${shownAs}` : shownAs
          } (branch ${defaultBranch}); ${readAs}`,
        );
        ctx.output('remoteUrl', publicUrl);
        ctx.output('repoContentsUrl', contentsUrl);
        return;
      }

      const pushConfig = await credentialConfig(pushUrl);
      const step = async (
        name: string,
        args: string[],
        runOptions: GitRunOptions = {},
      ) => {
        try {
          return await runGit(args, runOptions);
        } catch (error) {
          options.logger?.error(
            `git ${name} failed publishing ${shownAs}`,
            error as Error,
          );
          throw new Error(
            `Could not publish ${shownAs}: ${gitFailure(name, error)}`,
          );
        }
      };
      if (bareDir) {
        if (await exists(bareDir)) {
          throw new InputError(
            `${repoName}.git already exists in the local git root; refusing to overwrite it`,
          );
        }
      } else {
        const heads = await step(
          'ls-remote',
          ['ls-remote', '--heads', '--', pushUrl],
          {
            config: pushConfig,
            protocols: ['https', 'ssh'],
          },
        );
        if (heads.trim()) {
          throw new InputError(
            `The repository ${remoteUrl} already has branches; refusing to overwrite it`,
          );
        }
      }

      const gitDir = await fs.mkdtemp(
        path.join(os.tmpdir(), 'platform-publish-'),
      );
      let created = false;
      try {
        if (bareDir) {
          await fs.mkdir(path.dirname(bareDir), { recursive: true });
          // mkdir without recursive fails if another task took the name in the meantime.
          await fs.mkdir(bareDir);
          created = true;
          await step('init', ['init', '--quiet', '--bare', bareDir]);
          await step('symbolic-ref', [
            '--git-dir',
            bareDir,
            'symbolic-ref',
            'HEAD',
            `refs/heads/${defaultBranch}`,
          ]);
        }
        // A separate git directory keeps the workspace free of a .git of its own.
        const git = (
          args: string[],
          extra: {
            env?: NodeJS.ProcessEnv;
            config?: Record<string, string>;
          } = {},
        ) =>
          step(args[0], ['--git-dir', gitDir, '--work-tree', source, ...args], {
            env: extra.env,
            config: {
              'core.hooksPath': '/dev/null',
              'commit.gpgsign': 'false',
              'core.fileMode': 'true',
              ...extra.config,
            },
          });
        await git(['init', '--quiet']);
        await git(['symbolic-ref', 'HEAD', `refs/heads/${defaultBranch}`]);
        await git(['add', '--all']);
        const identity = {
          GIT_AUTHOR_NAME: gitAuthorName,
          GIT_AUTHOR_EMAIL: gitAuthorEmail,
          GIT_COMMITTER_NAME: gitAuthorName,
          GIT_COMMITTER_EMAIL: gitAuthorEmail,
        };
        await git(['commit', '--quiet', '-m', gitCommitMessage], {
          env: identity,
        });
        const commitHash = (await git(['rev-parse', 'HEAD'])).trim();
        await git(
          [
            'push',
            '--quiet',
            '--',
            pushUrl,
            `HEAD:refs/heads/${defaultBranch}`,
          ],
          { config: pushConfig },
        );
        ctx.logger.info(
          bareDir
            ? `Published commit ${commitHash.slice(
                0,
                12,
              )} (branch ${defaultBranch}) to a new repository ${shownAs}; ${readAs}`
            : `Published commit ${commitHash.slice(
                0,
                12,
              )} (branch ${defaultBranch}) to ${shownAs}; browse it at ${contentsUrl}`,
        );
        ctx.output('remoteUrl', publicUrl);
        ctx.output('repoContentsUrl', contentsUrl);
        ctx.output('commitHash', commitHash);
      } catch (error) {
        if (created && bareDir) {
          // No half-published repository: what this run created goes again.
          await fs.rm(bareDir, { recursive: true, force: true });
        }
        throw error;
      } finally {
        await fs.rm(gitDir, { recursive: true, force: true });
      }
    },
  });
}
