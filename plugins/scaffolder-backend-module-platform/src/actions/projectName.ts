import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ProjectNameAnswer,
  ProjectNameQuestion,
} from '@platform-portal/plugin-platform-common';

const MAX_LENGTH = 63;

/**
 * Why a project name cannot be used, in words; undefined when it can. The name becomes the
 * repository, the component and the directory names, so it keeps to what all of them accept.
 */
export function projectNameProblem(name: string): string | undefined {
  if (!name) {
    return 'Give the project a name.';
  }
  if (name.length > MAX_LENGTH) {
    return `A project name has at most ${MAX_LENGTH} characters; this one has ${name.length}.`;
  }
  if (/[A-Z]/.test(name)) {
    return `A project name is written in lower case: ${name.toLowerCase()} rather than ${name}.`;
  }
  if (name.startsWith('-')) {
    return 'A project name starts with a letter or a digit, not a dash.';
  }
  const others = [...new Set(name.replace(/[a-z0-9-]/g, ''))];
  if (others.length) {
    const shown = others.map(c => (c === ' ' ? 'spaces' : `"${c}"`)).join(', ');
    return `A project name has only lower-case letters, digits and dashes, no ${shown}.`;
  }
  return undefined;
}

function displayName(entity: Entity | undefined, ref: string): string {
  const profile = (entity?.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName) {
    return profile.displayName;
  }
  if (entity?.metadata.title) {
    return entity.metadata.title;
  }
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/** `github.com?owner=acme&repo=orders-api` as the repository picker writes it. */
export function parsePickerUrl(
  repoUrl: string,
): { host: string; owner: string; repo: string } | undefined {
  const question = repoUrl.indexOf('?');
  if (question <= 0) {
    return undefined;
  }
  const host = repoUrl.slice(0, question);
  const params = new URLSearchParams(repoUrl.slice(question + 1));
  const owner = params.get('owner') ?? '';
  const repo = params.get('repo') ?? '';
  if (
    !/^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(host) ||
    !/^[A-Za-z0-9._-]+$/.test(owner) ||
    !/^[A-Za-z0-9._-]+$/.test(repo)
  ) {
    return undefined;
  }
  return { host, owner, repo };
}

/**
 * Checks a project name against the catalog (an entity of that name, of any kind, already
 * exists) and the repository host it will be published to. Only the local git root of
 * `platform.publish.localRoot` and GitHub hosts configured under `integrations.github` are asked:
 * a host the configuration does not name is never contacted.
 */
export function createProjectNameCheck(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const { config, catalog } = options;
  const configuredRoot = config.getOptionalString('platform.publish.localRoot');
  const localRoot = configuredRoot ? path.resolve(configuredRoot) : undefined;
  const integrations = ScmIntegrations.fromConfig(config);
  // ScmIntegrations adds github.com on its own; only hosts written in the configuration are asked.
  const allowedHosts = new Set(
    (config.getOptionalConfigArray('integrations.github') ?? []).map(host =>
      host.getString('host'),
    ),
  );

  async function inCatalog(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await catalog.getEntities(
      { filter: { 'metadata.name': name } },
      { credentials },
    );
    return Promise.all(
      items.map(async entity => {
        const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
        const kind =
          entity.kind === 'Component' ? '' : `a ${entity.kind.toLowerCase()}`;
        let ownerName: string | undefined;
        if (typeof owner === 'string' && owner) {
          const ownerRef = owner.includes(':') ? owner : `group:${owner}`;
          const ownerEntity = await catalog
            .getEntityByRef(ownerRef, { credentials })
            .catch(() => undefined);
          ownerName = displayName(ownerEntity, ownerRef);
        }
        const details = [kind, ownerName ? `owned by ${ownerName}` : '']
          .filter(Boolean)
          .join(', ');
        return `${name} already exists in the catalog${
          details ? ` (${details})` : ''
        }.`;
      }),
    );
  }

  async function onLocalRoot(
    name: string,
    answer: ProjectNameAnswer,
  ): Promise<void> {
    if (!localRoot) {
      answer.notAsked.push(
        'The local git root was not asked: none is configured.',
      );
      return;
    }
    answer.asked.push('the local git root');
    const taken = await fs.lstat(path.join(localRoot, `${name}.git`)).then(
      () => true,
      () => false,
    );
    if (taken) {
      answer.taken.push(`${name} already exists in the local git root.`);
    }
  }

  async function onGithub(
    repoUrl: string,
    answer: ProjectNameAnswer,
  ): Promise<void> {
    const parsed = parsePickerUrl(repoUrl);
    if (!parsed) {
      answer.notAsked.push(
        'The repository host was not asked: the repository location names no host, owner and repository.',
      );
      return;
    }
    const { host, owner, repo } = parsed;
    const integration = allowedHosts.has(host)
      ? integrations.github.byHost(host)
      : undefined;
    if (!integration) {
      answer.notAsked.push(
        `${host} was not asked: it is not a repository host the portal is configured to publish to.`,
      );
      return;
    }
    const { apiBaseUrl, token } = integration.config;
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
    };
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    let status: number;
    try {
      const response = await fetch(
        `${apiBaseUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(
          repo,
        )}`,
        { headers },
      );
      status = response.status;
    } catch {
      status = 0;
    }
    if (status === 200 || status === 404) {
      answer.asked.push(host);
    }
    if (status === 200) {
      answer.taken.push(`${owner}/${repo} already exists on ${host}.`);
    } else if (status !== 404) {
      answer.notAsked.push(
        `${host} could not say whether ${owner}/${repo} exists (${
          status ? `it answered ${status}` : 'no answer'
        }); publishing checks again.`,
      );
    }
  }

  return async function checkProjectName(
    question: ProjectNameQuestion,
    credentials: BackstageCredentials,
  ): Promise<ProjectNameAnswer> {
    const { name, repoUrl } = question;
    const answer: ProjectNameAnswer = {
      name,
      taken: [],
      notAsked: [],
      asked: [],
    };
    const invalid = projectNameProblem(name);
    if (invalid) {
      return { ...answer, invalid };
    }
    answer.taken.push(...(await inCatalog(name, credentials)));
    answer.asked.push('the catalog');
    if (repoUrl) {
      await onGithub(repoUrl, answer);
    } else {
      await onLocalRoot(name, answer);
    }
    return answer;
  };
}

/** The function `createProjectNameCheck` makes. */
export type ProjectNameCheck = ReturnType<typeof createProjectNameCheck>;

export type { ProjectNameAnswer, ProjectNameQuestion };
