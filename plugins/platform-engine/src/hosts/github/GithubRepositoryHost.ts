import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScanProblem } from '@platform-portal/plugin-platform-common';
import type { Octokit } from '@octokit/rest';
import { Parser, ReadEntry } from 'tar';
import { BranchChange, checkBranchName } from '../git/commitChange';
import {
  deleteGithubBranch,
  OpenedPullRequest,
  openGithubPullRequest,
  PullRequestRequest,
  pushGithubBranch,
} from './githubChanges';
import {
  GithubClient,
  GithubClients,
  GithubRequestLimits,
} from '../../github/GithubClients';
import {
  GithubRequestError,
  githubMessage,
  isGithubRequestError,
  isRateLimited,
  rateLimitRetryAfter,
  redactGithubSecrets as sanitize,
} from '../../github/githubErrors';
import {
  PlatformTag,
  RepositoryFile,
  RepositoryFiles,
  RepositoryHead,
  RepositoryHost,
  RepositoryHostError,
} from '@platform-portal/plugin-platform-node';

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const DEFAULT_MAX_ARCHIVE_SIZE = 512 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
const TAGS_PER_PAGE = 100;
const MAX_TAG_PAGES = 100;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
// https://<host>/<owner>/<repo>[.git][/]; no credentials, query or fragment.
const REPO_URL =
  /^https:\/\/([^/@?#\s\\]+)\/([^/?#\s\\]+)\/([^/?#\s\\]+?)\/?$/i;
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** Repositories whose heads one GraphQL query asks for: one rate-limit point per query. */
const HEADS_PER_QUERY = 100;

/**
 * Options of {@link GithubRepositoryHost}.
 *
 * @public
 */
export interface GithubRepositoryHostOptions {
  /** The clients and ETag cache shared with every other reader of GitHub. */
  github: GithubClients;
  /** Time allowed for one attempt of one request, body included; 120 s by default. */
  timeoutMs?: number;
  /** Largest repository archive downloaded, in bytes; 512 MiB by default. */
  maxArchiveSize?: number;
  throttle?: {
    /**
     * A rate-limited request is retried once when the wait is at most this many seconds
     * (60 by default); otherwise it fails with a retryable error carrying `retryAfter`.
     */
    maxRetryAfterSeconds?: number;
  };
}

interface RepoRef {
  /** Lower-case `host/owner/repo`, the key of caches. */
  key: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
}

interface HeadQuery {
  client: GithubClient;
  repos: Array<{ url: string; ref: RepoRef }>;
}

/** One repository's part of the heads query. */
interface HeadNode {
  defaultBranchRef?: {
    name?: string | null;
    target?: { oid?: string } | null;
  } | null;
}

interface GraphqlError {
  type?: string;
  path?: Array<string | number>;
  message?: string;
}

/**
 * The data and errors of a GraphQL answer that has both (octokit throws it as a
 * GraphqlResponseError): a repository that cannot be read is `null`, with an error whose path
 * names its alias, and the others are there.
 */
function partialGraphqlAnswer(
  error: unknown,
):
  | { data: Record<string, HeadNode | null>; errors: GraphqlError[] }
  | undefined {
  const candidate = error as { data?: unknown; errors?: unknown };
  if (
    typeof candidate?.data !== 'object' ||
    candidate.data === null ||
    !Array.isArray(candidate.errors) ||
    (candidate.errors as GraphqlError[]).some(e => e?.type === 'RATE_LIMITED')
  ) {
    return undefined;
  }
  return {
    data: candidate.data as Record<string, HeadNode | null>,
    errors: candidate.errors as GraphqlError[],
  };
}

/**
 * A spent GraphQL rate limit, which GitHub answers 200 with a `RATE_LIMITED` error (octokit's
 * throttling turns it into an error without a status), as the 403 a REST request gets.
 */
function graphqlRateLimit(error: unknown): GithubRequestError | undefined {
  const candidate = error as {
    data?: { errors?: GraphqlError[] };
    response?: { headers?: Record<string, string | undefined> };
  };
  if (
    isGithubRequestError(error) ||
    !candidate?.data?.errors?.some(e => e?.type === 'RATE_LIMITED')
  ) {
    return undefined;
  }
  return {
    status: 403,
    response: {
      headers: candidate.response?.headers,
      data: { message: 'GraphQL rate limit exceeded' },
    },
  };
}

interface TagPage {
  tags: PlatformTag[];
  hasNext: boolean;
}

/** The size and limit of an archive refused by its announced length. */
function tooLarge(error: GithubRequestError): string | undefined {
  const data = error.response?.data as
    | { size?: unknown; limit?: unknown }
    | undefined;
  return typeof data?.size === 'number' && typeof data.limit === 'number'
    ? `the repository archive is ${data.size} bytes, over the limit of ${data.limit} bytes`
    : undefined;
}

/** The body of a `sha` media type answer: text with `charset=utf-8`, bytes without. */
function asText(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(
      'utf8',
    );
  }
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
    return Buffer.from(data as ArrayBuffer).toString('utf8');
  }
  return '';
}

/** Splits a tarball's path into the repository path, without its `owner-repo-sha/` folder. */
function repositoryPath(entryPath: string): string | undefined {
  const slash = entryPath.indexOf('/');
  if (slash < 0) {
    return undefined;
  }
  const rest = entryPath.slice(slash + 1).replace(/\/+$/, '');
  if (
    !rest ||
    rest.startsWith('/') ||
    rest.split('/').some(part => part === '' || part === '.' || part === '..')
  ) {
    return undefined;
  }
  return rest;
}

/** Reads a gzipped tarball from memory, keeping what `wanted` accepts. */
function extractTarball(
  archive: Buffer,
  wanted: (path: string) => boolean,
  maxFileSize: number,
): Promise<RepositoryFiles> {
  return new Promise((resolve, reject) => {
    const files: RepositoryFile[] = [];
    const problems: ScanProblem[] = [];
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const file = repositoryPath(entry.path);
        if (!file || entry.type === 'Directory' || !wanted(file)) {
          entry.resume();
          return;
        }
        if (entry.type === 'SymbolicLink') {
          problems.push({
            file,
            message: 'symbolic link in the repository; not followed',
          });
          entry.resume();
        } else if (
          entry.type !== 'File' &&
          entry.type !== 'OldFile' &&
          entry.type !== 'ContiguousFile'
        ) {
          entry.resume(); // hard links, devices: nothing git stores as a file
        } else if (entry.size > maxFileSize) {
          problems.push({
            file,
            message: `file is over the size limit of ${maxFileSize} bytes; not scanned`,
          });
          entry.resume();
        } else {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () =>
            files.push({ path: file, content: Buffer.concat(chunks) }),
          );
        }
      },
    });
    parser.on('error', reject);
    parser.on('abort', reject);
    parser.on('end', () => resolve({ files, problems }));
    parser.end(archive);
  });
}

/**
 * Reads repositories on GitHub and GitHub Enterprise through the REST API: the head with one
 * conditional request (free when nothing changed), the files with one archive download, the tags
 * from the tags endpoint. Hosts, tokens and GitHub Apps come from `integrations` in app-config;
 * clients and ETags are those of {@link GithubClients}, shared with the release channels.
 *
 * @public
 */
export class GithubRepositoryHost implements RepositoryHost {
  readonly id = 'github';
  private readonly github: GithubClients;

  static fromConfig(
    config: Config,
    options: Omit<GithubRepositoryHostOptions, 'github'> & {
      github?: GithubClients;
      logger?: LoggerService;
    } = {},
  ): GithubRepositoryHost {
    const { logger, ...rest } = options;
    return new GithubRepositoryHost({
      ...rest,
      github: options.github ?? GithubClients.fromConfig(config, { logger }),
    });
  }

  constructor(private readonly options: GithubRepositoryHostOptions) {
    this.github = options.github;
  }

  supports(url: string): boolean {
    return this.parse(url) !== undefined;
  }

  async getHead(url: string): Promise<RepositoryHead> {
    const ref = this.require(url);
    const client = await this.client(url, ref);
    try {
      // The `sha` media type answers with the bare SHA of the default branch's tip and an ETag;
      // with If-None-Match an unchanged repository answers 304, which the rate limit ignores.
      // The branch's name is not in the answer, so `branch` stays unknown.
      const commit = await this.github.conditional(
        `${ref.key} head`,
        async etag => {
          const response = await this.github.send(this.limits(), () =>
            client.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
              owner: ref.owner,
              repo: ref.repo,
              ref: 'HEAD',
              mediaType: { format: 'sha' },
              headers: etag ? { 'if-none-match': etag } : {},
              request: GithubClients.requestOptions(this.limits()),
            }),
          );
          const sha = asText(response.data).trim();
          if (!SHA.test(sha)) {
            throw new RepositoryHostError(
              `Reading the default branch of ${this.safeUrl(
                url,
              )} failed: unexpected answer from GitHub`,
              { retryable: true },
            );
          }
          return { etag: response.headers.etag, value: sha };
        },
      );
      return { commit };
    } catch (error) {
      throw this.hostError(
        url,
        'Reading the default branch of',
        error,
        client.token,
      );
    }
  }

  /**
   * The heads of many repositories with one GraphQL query per 100 of them (and per credentials),
   * each query costing one point of the GraphQL rate limit instead of a request per repository.
   * A repository GitHub does not show (deleted, renamed away, no access) or that is empty maps
   * to its error; those of a query that failed otherwise are left out, to be asked one by one.
   */
  async currentRevisions(
    urls: string[],
  ): Promise<Map<string, RepositoryHead | RepositoryHostError>> {
    const answers = new Map<string, RepositoryHead | RepositoryHostError>();
    const byClient = new Map<Octokit, HeadQuery>();
    for (const url of new Set(urls)) {
      const ref = this.parse(url);
      if (!ref) {
        continue;
      }
      try {
        const client = await this.client(url, ref);
        const group = byClient.get(client.octokit) ?? { client, repos: [] };
        group.repos.push({ url, ref });
        byClient.set(client.octokit, group);
      } catch (error) {
        answers.set(url, error as RepositoryHostError);
      }
    }
    for (const { client, repos } of byClient.values()) {
      for (let i = 0; i < repos.length; i += HEADS_PER_QUERY) {
        const batch = repos.slice(i, i + HEADS_PER_QUERY);
        try {
          await this.queryHeads(client, batch, answers);
        } catch (error) {
          const failure = this.hostError(
            `${batch.length} repositories`,
            'Reading the default branches of',
            graphqlRateLimit(error) ?? error,
            client.token,
          );
          // A spent rate limit holds every repository of the query until its reset; any other
          // failure leaves them to be asked one at a time.
          if (failure.retryAfter !== undefined) {
            for (const { url } of batch) {
              answers.set(url, failure);
            }
          }
        }
      }
    }
    return answers;
  }

  private async queryHeads(
    client: GithubClient,
    batch: Array<{ url: string; ref: RepoRef }>,
    answers: Map<string, RepositoryHead | RepositoryHostError>,
  ): Promise<void> {
    // Owners and names go in as variables, never into the query's text.
    const variables: Record<string, string> = {};
    const fields: string[] = [];
    const declarations: string[] = [];
    batch.forEach(({ ref }, i) => {
      variables[`o${i}`] = ref.owner;
      variables[`n${i}`] = ref.repo;
      declarations.push(`$o${i}: String!, $n${i}: String!`);
      fields.push(
        `r${i}: repository(owner: $o${i}, name: $n${i}) { defaultBranchRef { name target { oid } } }`,
      );
    });
    const query = [
      `query Heads(${declarations.join(', ')}) {`,
      ...fields,
      'rateLimit { cost remaining resetAt }',
      '}',
    ].join('\n');
    const limits = this.limits();
    let data: Record<string, HeadNode | null | undefined>;
    let errors: GraphqlError[] = [];
    try {
      data = await this.github.send(limits, () =>
        client.octokit.graphql<Record<string, HeadNode | null>>(query, {
          ...variables,
          request: GithubClients.requestOptions(limits),
        }),
      );
    } catch (error) {
      const partial = partialGraphqlAnswer(error);
      if (!partial) {
        throw error;
      }
      ({ data, errors } = partial);
    }
    batch.forEach(({ url }, i) => {
      const node = data[`r${i}`];
      const oid = node?.defaultBranchRef?.target?.oid;
      const where = `Reading the default branch of ${this.safeUrl(url)} failed`;
      if (typeof oid === 'string' && SHA.test(oid)) {
        answers.set(url, {
          commit: oid,
          branch: node?.defaultBranchRef?.name ?? undefined,
        });
      } else if (node) {
        answers.set(
          url,
          new RepositoryHostError(
            `${where}: the repository is empty (it has no default branch)`,
          ),
        );
      } else {
        const error = errors.find(e => e.path?.[0] === `r${i}`);
        if (error?.type === 'NOT_FOUND' || error?.type === 'FORBIDDEN') {
          answers.set(
            url,
            new RepositoryHostError(
              sanitize(
                `${where}: repository not found or no access (GitHub answered ${
                  error.type
                }${error.message ? `: ${error.message}` : ''})`,
                [client.token],
              ),
            ),
          );
        }
        // Anything else is left out: the repository is asked on its own.
      }
    });
  }

  async readFiles(
    url: string,
    commit: string,
    wanted: (path: string) => boolean,
    options: { maxFileSize?: number } = {},
  ): Promise<RepositoryFiles> {
    const ref = this.require(url);
    if (!SHA.test(commit)) {
      throw new RepositoryHostError(`"${commit}" is not a full commit SHA`);
    }
    const client = await this.client(url, ref);
    const maxArchiveSize =
      this.options.maxArchiveSize ?? DEFAULT_MAX_ARCHIVE_SIZE;
    const limits = { ...this.limits(), maxResponseBytes: maxArchiveSize };
    let archive: Buffer;
    try {
      // Answered with a redirect to a short-lived archive URL, which fetch follows.
      const response = await this.github.send(limits, () =>
        client.octokit.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
          owner: ref.owner,
          repo: ref.repo,
          ref: commit,
          request: GithubClients.requestOptions(limits),
        }),
      );
      archive = Buffer.from(response.data as ArrayBuffer);
    } catch (error) {
      throw this.hostError(
        url,
        `Downloading ${commit} of`,
        error,
        client.token,
      );
    }
    if (archive.length > maxArchiveSize) {
      throw new RepositoryHostError(
        `Downloading ${commit} of ${this.safeUrl(
          url,
        )} failed: the repository archive is ${
          archive.length
        } bytes, over the limit of ${maxArchiveSize} bytes`,
      );
    }
    try {
      return await extractTarball(
        archive,
        wanted,
        options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      );
    } catch (error) {
      throw new RepositoryHostError(
        sanitize(
          `Reading the archive of ${commit} of ${this.safeUrl(url)} failed: ${
            (error as Error)?.message ?? String(error)
          }`,
          [client.token],
        ),
        { retryable: true },
      );
    }
  }

  async listTags(url: string): Promise<PlatformTag[]> {
    const ref = this.require(url);
    const client = await this.client(url, ref);
    const limits = this.limits();
    const tags: PlatformTag[] = [];
    try {
      for (let page = 1; page <= MAX_TAG_PAGES; page++) {
        const current = await this.github.conditional<TagPage>(
          `${ref.key} tags ${page}`,
          async etag => {
            const response = await this.github.send(limits, () =>
              client.octokit.request('GET /repos/{owner}/{repo}/tags', {
                owner: ref.owner,
                repo: ref.repo,
                per_page: TAGS_PER_PAGE,
                page,
                headers: etag ? { 'if-none-match': etag } : {},
                request: GithubClients.requestOptions(limits),
              }),
            );
            return {
              etag: response.headers.etag,
              value: {
                tags: response.data.map(tag => ({
                  name: tag.name,
                  commit: tag.commit.sha,
                })),
                hasNext: /rel="next"/.test(response.headers.link ?? ''),
              },
              size: 1 + response.data.length,
            };
          },
        );
        tags.push(...current.tags.map(tag => ({ ...tag })));
        if (!current.hasNext) {
          break;
        }
      }
    } catch (error) {
      throw this.hostError(url, 'Listing the tags of', error, client.token);
    }
    return tags;
  }

  /**
   * Commits a change on top of `change.base` and points `change.branch` at it through the git
   * data API (no clone). See {@link pushGithubBranch} for when an existing branch is moved.
   */
  async pushBranch(
    url: string,
    change: BranchChange,
  ): Promise<{ branch: string; commit: string; created: boolean }> {
    await checkBranchName(change.branch);
    const ref = this.require(url);
    const client = await this.client(url, ref);
    try {
      return await pushGithubBranch(client.octokit, ref, change);
    } catch (error) {
      throw this.hostError(url, 'Pushing a branch to', error, client.token);
    }
  }

  /**
   * Opens the pull request of a branch the portal pushed, or updates the open one. When
   * `removeBranchOnFailure` is set (the branch was made for this request), a failure removes the
   * branch again, so that nothing is left half-made.
   */
  async openPullRequest(
    url: string,
    request: PullRequestRequest & { removeBranchOnFailure?: boolean },
  ): Promise<OpenedPullRequest> {
    const ref = this.require(url);
    const client = await this.client(url, ref);
    try {
      return await openGithubPullRequest(client.octokit, ref, request);
    } catch (error) {
      if (request.removeBranchOnFailure) {
        await deleteGithubBranch(client.octokit, ref, request.branch);
      }
      throw this.hostError(
        url,
        'Opening a pull request on',
        error,
        client.token,
      );
    }
  }

  private limits(): GithubRequestLimits {
    return {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRateLimitWaitSeconds:
        this.options.throttle?.maxRetryAfterSeconds ??
        DEFAULT_MAX_RETRY_AFTER_SECONDS,
    };
  }

  private parse(url: string): RepoRef | undefined {
    const match = REPO_URL.exec(url);
    if (!match) {
      return undefined;
    }
    const host = match[1].toLowerCase();
    const owner = match[2];
    const repo = match[3].replace(/\.git$/i, '');
    for (const name of [owner, repo]) {
      if (!NAME.test(name) || name.includes('..') || name === '.') {
        return undefined;
      }
    }
    // An Enterprise host needs `apiBaseUrl` in its integration.
    const apiBaseUrl = this.github.apiBaseUrl(host);
    if (!apiBaseUrl) {
      return undefined;
    }
    return {
      key: `${host}/${owner}/${repo}`.toLowerCase(),
      owner,
      repo,
      apiBaseUrl,
    };
  }

  private require(url: string): RepoRef {
    const ref = this.parse(url);
    if (!ref) {
      throw new RepositoryHostError(
        `${this.safeUrl(
          url,
        )} is not a GitHub repository this portal may read (https://<host>/<owner>/<repo> on a host with a GitHub integration)`,
      );
    }
    return ref;
  }

  private safeUrl(url: string): string {
    return sanitize(url);
  }

  private async client(url: string, ref: RepoRef): Promise<GithubClient> {
    const canonical = url.replace(/\.git\/?$|\/$/i, '');
    try {
      return await this.github.client(canonical, ref.apiBaseUrl);
    } catch (error) {
      throw new RepositoryHostError(
        sanitize(
          `Getting GitHub credentials for ${url} failed: ${
            (error as Error)?.message ?? String(error)
          }`,
        ),
        { retryable: true },
      );
    }
  }

  private hostError(
    url: string,
    action: string,
    error: unknown,
    token: string | undefined,
  ): RepositoryHostError {
    const where = `${action} ${this.safeUrl(url)} failed`;
    const make = (
      detail: string,
      options: { retryable: boolean; retryAfter?: number },
    ) =>
      new RepositoryHostError(
        sanitize(`${where}: ${detail}`, [token]),
        options,
      );

    if (error instanceof RepositoryHostError) {
      return error;
    }
    if (!isGithubRequestError(error)) {
      const message = (error as Error)?.message ?? String(error);
      return make(message, { retryable: true });
    }
    const github = githubMessage(error);
    if (isRateLimited(error)) {
      return make(
        `GitHub rate limit exceeded (${error.status}${
          github ? `: ${github}` : ''
        })`,
        { retryable: true, retryAfter: rateLimitRetryAfter(error) },
      );
    }
    switch (error.status) {
      case 401:
        return make('bad credentials (GitHub answered 401)', {
          retryable: false,
        });
      case 403:
        return make(
          `access denied (GitHub answered 403${github ? `: ${github}` : ''})`,
          { retryable: false },
        );
      case 404:
        return make('repository not found or no access (GitHub answered 404)', {
          retryable: false,
        });
      case 413:
        return make(tooLarge(error) ?? github ?? 'the answer is too large', {
          retryable: false,
        });
      case 409:
      case 422:
        return make(
          `the repository is empty or the commit does not exist (GitHub answered ${
            error.status
          }${github ? `: ${github}` : ''})`,
          { retryable: false },
        );
      default:
        break;
    }
    if (!error.response) {
      // fetch failed before any answer: octokit reports it as status 500 with fetch's message.
      const detail = error.message ?? '';
      const timedOut = /timeout|timed out|aborted/i.test(detail);
      return make(
        timedOut ? 'the request timed out' : `network error: ${detail}`,
        { retryable: true },
      );
    }
    return make(
      `GitHub answered ${error.status}${github ? `: ${github}` : ''}`,
      { retryable: error.status >= 500 || error.status === 408 },
    );
  }
}
