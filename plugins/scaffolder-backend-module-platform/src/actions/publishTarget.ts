import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readUrlRewrites } from '@platform-portal/plugin-platform-engine';
import { parsePickerUrl } from './projectName';
import { rewrittenUrl } from './publishGit';
import { examples } from './publishTarget.examples';

const REPO_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
// What GitHub accepts as an organisation, and so a CODEOWNERS team's owner and a bucket prefix.
const ORGANISATION = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const CI_WORKFLOW = /^[a-z0-9][a-z0-9-]{0,62}$/;
// A GitHub team slug, the part of a CODEOWNERS owner after `@<organisation>/`.
const TEAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const DEFAULT_CI_WORKFLOW = 'terraform-ci';

/** Where a project is published and read from, as the skeleton writes it. */
export interface PublishTarget {
  /** The repository as the catalog and the scanner read it: `https://<host>/<path>`. */
  repositoryUrl: string;
  /** `github.com`, `git.example.com` or `host:port`. */
  repoHost: string;
  /** The repository's path on its host, `acme/orders-api`. */
  repoSlug: string;
  /** The slug again when the host is github.com, whose slug annotation the portal reads; else empty. */
  githubSlug: string;
  /** Owner of the teams in CODEOWNERS and of the package names the release channels guess. */
  organisation: string;
  /** The platform module of the reusable CI workflow the project calls. */
  ciWorkflow: string;
  /** The team co-owning the project's `infra/` in CODEOWNERS; empty when none is configured. */
  platformTeam: string;
  /**
   * `backstage.io/source-location` for a project in the local git root: the catalog writes one
   * only for a host with an integration, and the scanner finds a repository by it. Empty on
   * github.com, whose slug annotation the scanner reads.
   */
  sourceLocation: string;
}

function splitUrl(url: string): { host: string; slug: string } {
  const parsed = new URL(url);
  return {
    host: parsed.host,
    slug: parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, ''),
  };
}

/**
 * Where "Create project" publishes a project and under which organisation, from
 * `platform.publish` (and `platform.git.rewrites` for the local git root), so the template holds
 * no organisation of its own. Refuses, naming the setting, what the catalog could not read.
 */
export function createPublishTargetResolver(config: Config) {
  const settings = config.getOptionalConfig('platform.publish');
  const configuredRoot = settings?.getOptionalString('localRoot');
  const localRoot = configuredRoot ? path.resolve(configuredRoot) : undefined;
  const organisation = settings?.getOptionalString('organisation');
  if (organisation !== undefined && !ORGANISATION.test(organisation)) {
    throw new InputError(
      `platform.publish.organisation "${organisation}" is no organisation name: letters, digits and single dashes, at most 39 characters`,
    );
  }
  const ciWorkflow =
    settings?.getOptionalString('ciWorkflow') ?? DEFAULT_CI_WORKFLOW;
  if (!CI_WORKFLOW.test(ciWorkflow)) {
    throw new InputError(
      `platform.publish.ciWorkflow "${ciWorkflow}" is no module name of the platform`,
    );
  }
  const platformTeam = settings?.getOptionalString('platformTeam') ?? '';
  if (platformTeam && !TEAM.test(platformTeam)) {
    throw new InputError(
      `platform.publish.platformTeam "${platformTeam}" is no team name: letters, digits, dots, dashes and underscores`,
    );
  }
  const rewrites = readUrlRewrites(config);

  return (input: {
    name: string;
    publishTarget: 'local' | 'github';
    repoUrl?: string;
  }): PublishTarget => {
    if (!REPO_NAME.test(input.name)) {
      throw new InputError(
        `Invalid project name '${input.name}': use lower-case letters, digits and dashes, at most 63 characters`,
      );
    }
    let repositoryUrl: string;
    if (input.publishTarget === 'github') {
      const picked = parsePickerUrl(input.repoUrl ?? '');
      if (!picked) {
        throw new InputError(
          `"${
            input.repoUrl ?? ''
          }" names no repository; choose an owner and a repository name`,
        );
      }
      repositoryUrl = `https://${picked.host}/${picked.owner}/${picked.repo}`;
    } else {
      if (!localRoot) {
        throw new InputError(
          'Projects cannot be published to a local git root: platform.publish.localRoot is not configured',
        );
      }
      const url = rewrittenUrl(
        path.join(localRoot, `${input.name}.git`),
        rewrites,
      );
      if (!url) {
        // Said before anything is written: a file:// repository is one the catalog cannot register.
        throw new InputError(
          'No URL is mapped onto platform.publish.localRoot, so the catalog could not read the project: add a platform.git.rewrites entry from the URL projects are read by (e.g. https://git.example.com/acme/) to that directory',
        );
      }
      repositoryUrl = url;
    }
    const { host, slug } = splitUrl(repositoryUrl);
    const owner = slug.split('/')[0];
    const chosen = organisation ?? owner;
    if (!ORGANISATION.test(chosen)) {
      throw new InputError(
        `"${chosen}" is no organisation name; set platform.publish.organisation`,
      );
    }
    return {
      repositoryUrl,
      repoHost: host,
      repoSlug: slug,
      githubSlug: host === 'github.com' ? slug : '',
      organisation: chosen,
      ciWorkflow,
      platformTeam,
      // The local-git reader reads a local repository's files by GitHub-style paths.
      sourceLocation:
        input.publishTarget === 'github' || host === 'github.com'
          ? ''
          : `url:${repositoryUrl}/tree/main/`,
    };
  };
}

/**
 * `platform:publish:target`: where the project will be published and read from, and the
 * organisation and CI workflow the skeleton names, all from app-config.
 */
export function createPublishTargetAction(options: { config: Config }) {
  const resolve = createPublishTargetResolver(options.config);
  return createTemplateAction({
    id: 'platform:publish:target',
    description:
      'Says where a new project is published (the local git root of platform.publish.localRoot, or a repository the form picked), the URL the catalog will read it by, and the organisation and CI workflow of platform.publish',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The project and repository name' }),
        publishTarget: z =>
          z.enum(['local', 'github'], {
            description:
              'local: a new bare repository under platform.publish.localRoot; github: the repository of repoUrl',
          }),
        repoUrl: z =>
          z
            .string({
              description:
                'A repository picker value (github.com?owner=acme&repo=orders-api), for github',
            })
            .optional(),
      },
      output: {
        repositoryUrl: z =>
          z.string({ description: 'The repository URL the catalog reads' }),
        repoHost: z => z.string({ description: 'Its host' }),
        repoSlug: z => z.string({ description: 'Its path on the host' }),
        githubSlug: z =>
          z.string({
            description: 'The path again on github.com; empty elsewhere',
          }),
        organisation: z =>
          z.string({
            description:
              'platform.publish.organisation, else the repository owner',
          }),
        ciWorkflow: z =>
          z.string({
            description:
              'The platform module of the CI workflow (platform.publish.ciWorkflow)',
          }),
        platformTeam: z =>
          z.string({
            description:
              'The team co-owning infra/ in CODEOWNERS (platform.publish.platformTeam); empty when none',
          }),
        sourceLocation: z =>
          z.string({
            description:
              'The backstage.io/source-location of a project in the local git root; empty on github.com',
          }),
      },
    },
    async handler(ctx) {
      const target = resolve(ctx.input);
      ctx.logger.info(
        `${ctx.input.name} will be published as ${target.repositoryUrl}, for the organisation ${target.organisation}`,
      );
      for (const [key, value] of Object.entries(target)) {
        ctx.output(key as keyof PublishTarget, value);
      }
    },
  });
}
