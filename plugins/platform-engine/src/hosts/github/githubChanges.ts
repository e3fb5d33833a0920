import type { Octokit } from '@octokit/rest';
import { RepositoryHostError } from '@platform-portal/plugin-platform-node';
import { isGithubRequestError } from '../../github/githubErrors';
import type { BranchChange } from '../git/commitChange';

/**
 * A pull request to open, or to update when one is already open for the branch.
 *
 * @public
 */
export interface PullRequestRequest {
  branch: string;
  title: string;
  body: string;
  labels?: string[];
}

/**
 * A pull request the portal opened or updated.
 *
 * @public
 */
export interface OpenedPullRequest {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
  /** Whether this call opened it (false: it was open already and was updated). */
  created: boolean;
}

interface Repo {
  owner: string;
  repo: string;
}

/** Owner and name only: octokit sends any other field as a request parameter. */
function only(where: Repo): Repo {
  return { owner: where.owner, repo: where.repo };
}

function isStatus(error: unknown, status: number): boolean {
  return isGithubRequestError(error) && error.status === status;
}

/** The head of a branch, or undefined when there is no such branch. */
async function branchHead(
  octokit: Octokit,
  repo: Repo,
  branch: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({
      ...repo,
      ref: `heads/${branch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (isStatus(error, 404)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Commits the change on top of its base with the git data API (a tree on the base's tree, a
 * commit, then the branch), without a clone. A branch that exists is moved only when its head is
 * a commit of the portal's own author: commits a person pushed to it are never overwritten.
 */
export async function pushGithubBranch(
  octokit: Octokit,
  where: Repo,
  change: BranchChange,
): Promise<{ branch: string; commit: string; created: boolean }> {
  const repo = only(where);
  const existing = await branchHead(octokit, repo, change.branch);
  if (existing) {
    const { data } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: existing,
    });
    if (data.author.email !== change.author.email) {
      throw new RepositoryHostError(
        `the branch ${change.branch} has commits by ${data.author.name}; the portal does not overwrite them (merge or delete the branch, then ask again)`,
        { retryable: false },
      );
    }
  }
  const base = await octokit.rest.git.getCommit({
    ...repo,
    commit_sha: change.base,
  });
  const tree = await octokit.rest.git.createTree({
    ...repo,
    base_tree: base.data.tree.sha,
    tree: change.files.map(file => ({
      path: file.path,
      // The files the portal edits are configuration; their mode is a plain file's.
      mode: '100644' as const,
      type: 'blob' as const,
      content: file.content,
    })),
  });
  const commit = await octokit.rest.git.createCommit({
    ...repo,
    message: change.message,
    tree: tree.data.sha,
    parents: [change.base],
    author: change.author,
  });
  if (existing) {
    await octokit.rest.git.updateRef({
      ...repo,
      ref: `heads/${change.branch}`,
      sha: commit.data.sha,
      force: true,
    });
  } else {
    await octokit.rest.git.createRef({
      ...repo,
      ref: `refs/heads/${change.branch}`,
      sha: commit.data.sha,
    });
  }
  return {
    branch: change.branch,
    commit: commit.data.sha,
    created: !existing,
  };
}

/**
 * Opens the pull request of a branch into the default branch, or updates the title, body and
 * labels of the one already open for it, so that asking again never opens a second.
 */
export async function openGithubPullRequest(
  octokit: Octokit,
  where: Repo,
  request: PullRequestRequest,
): Promise<OpenedPullRequest> {
  const repo = only(where);
  const open = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${request.branch}`,
    state: 'open',
    per_page: 1,
  });
  let number: number;
  let url: string;
  let created = false;
  if (open.data.length > 0) {
    number = open.data[0].number;
    const updated = await octokit.rest.pulls.update({
      ...repo,
      pull_number: number,
      title: request.title,
      body: request.body,
    });
    url = updated.data.html_url;
  } else {
    const { data: meta } = await octokit.rest.repos.get({ ...repo });
    const opened = await octokit.rest.pulls.create({
      ...repo,
      head: request.branch,
      base: meta.default_branch,
      title: request.title,
      body: request.body,
    });
    number = opened.data.number;
    url = opened.data.html_url;
    created = true;
  }
  if (request.labels?.length) {
    await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: request.labels,
    });
  }
  return { number, url, state: 'open', created };
}

/** Removes a branch the portal just made, when what was to follow it failed. */
export async function deleteGithubBranch(
  octokit: Octokit,
  where: Repo,
  branch: string,
): Promise<void> {
  await octokit.rest.git
    .deleteRef({ ...only(where), ref: `heads/${branch}` })
    .catch(() => undefined);
}
