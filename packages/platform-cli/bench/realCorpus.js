#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// node packages/platform-cli/bench/realCorpus.js DIR [--mirror DIR]
//
// Rebuilds the real-repository corpus of the extraction benchmark in DIR: a directory per shape
// of repository, holding one per public repository, each the tree of the pinned commit below.
// The corpus itself is not committed: it is other people's code under their own licences.
//
// Each repository is taken from a bare mirror at <mirror>/<owner>+<name>/repo (or repo/.git)
// when one holds the commit, else fetched from GitHub at that commit alone.
//
// Then: yarn bench:extract DIR --each --renovate BIN --runs 5
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { commitAll } = require('./generateCorpus');

/**
 * The repositories, by shape: each shape is one directory of the corpus, so that the benchmark
 * can report a ratio per shape (`yarn bench:extract DIR --each`).
 */
const REPOSITORIES = {
  'terraform-modules': [
    [
      'terraform-aws-modules/terraform-aws-eks',
      'bef29c4d9523523e57fe898643fde2895106b339',
    ],
    [
      'terraform-aws-modules/terraform-aws-vpc',
      '82d1929e669efef4e2ad00611b8a68e7a56e049c',
    ],
    [
      'terraform-google-modules/terraform-google-kubernetes-engine',
      'bb176b213d8c55f6c3034cb39828dfe1631d7647',
    ],
  ],
  terragrunt: [
    [
      'gruntwork-io/terragrunt-infrastructure-live-example',
      'd106b47ad1e22cae3a841cd495eae48e9bbe3a03',
    ],
    [
      'gruntwork-io/terragrunt-infrastructure-live-stacks-example',
      '3649bd95c93074e6a3742bc5122e411505c24c3a',
    ],
    [
      'gruntwork-io/terragrunt-infrastructure-modules-example',
      'c92167d51cf9e65726762c94c962966f76ecd14b',
    ],
  ],
  'helm-charts': [
    [
      'prometheus-community/helm-charts',
      'cf408a290aec489277a94450bb3511432477a53a',
    ],
    ['grafana/helm-charts', '7a0ab968961a165318ab95ff678908c3b9bc3240'],
  ],
  'github-workflows': [
    ['actions/starter-workflows', '1035244887e26fbbd4f1017d919fb5995cc521c4'],
    [
      'cloudposse/github-actions-workflows',
      '80e333e7848b66a2d8ec8d0107084dbd6a27725f',
    ],
  ],
  crossplane: [
    ['upbound/platform-ref-aws', '57fa3b0127c8ce263327f2d43b4e46d07fb90896'],
    ['upbound/platform-ref-gcp', '8e54814ccaa6ff345739f21af4bc3e22eaded6ed'],
    [
      'upbound/configuration-aws-network',
      'd29d28097f872d607f3eeb9694dfd4712d07e01d',
    ],
    [
      'upbound/configuration-aws-database',
      '3b6409021ca37d7be0e2e37e7b13b1fa301c252b',
    ],
    [
      'upbound/configuration-aws-eks',
      '5fb7d6570606990a3f099505f3e8e8f6e295fa29',
    ],
  ],
};

const git = (args, options = {}) =>
  execFileSync('git', args, { encoding: 'utf8', ...options });

/** A bare git directory holding the commit, or undefined. */
function mirrorWith(mirror, repository, commit) {
  const base = path.join(mirror, repository.replace('/', '+'), 'repo');
  for (const gitDir of [path.join(base, '.git'), base]) {
    try {
      git(['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`], {
        stdio: 'ignore',
      });
      return gitDir;
    } catch {
      // Not this layout, or not this commit.
    }
  }
  return undefined;
}

/** Fetches the one commit from GitHub into a scratch bare repository. */
function fetchCommit(repository, commit) {
  const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-corpus-'));
  git(['init', '--bare', '--quiet', gitDir]);
  git([
    '--git-dir',
    gitDir,
    'fetch',
    '--quiet',
    '--depth=1',
    `https://github.com/${repository}.git`,
    commit,
  ]);
  return gitDir;
}

function build(into, mirror) {
  fs.rmSync(into, { recursive: true, force: true });
  for (const [shape, repositories] of Object.entries(REPOSITORIES)) {
    for (const [repository, commit] of repositories) {
      const target = path.join(into, shape, repository.replace('/', '+'));
      fs.mkdirSync(target, { recursive: true });
      const found = mirror && mirrorWith(mirror, repository, commit);
      const gitDir = found ?? fetchCommit(repository, commit);
      // The tree only: piped from git archive, so no work tree or history is written.
      const archive = execFileSync(
        'git',
        ['--git-dir', gitDir, 'archive', commit],
        { maxBuffer: 1024 * 1024 * 1024 },
      );
      execFileSync('tar', ['-x', '-C', target], { input: archive });
      if (!found) {
        fs.rmSync(gitDir, { recursive: true, force: true });
      }
      console.log(`${shape}/${repository}@${commit.slice(0, 12)}`);
    }
  }
  // Renovate's local platform reads a git repository: one for the whole corpus, which it also
  // reads from any shape's directory.
  commitAll(into, 'corpus');
}

module.exports = { REPOSITORIES, build };

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--mirror');
  const mirror = at === -1 ? undefined : args.splice(at, 2)[1];
  if (!args[0]) {
    throw new Error('usage: realCorpus.js DIR [--mirror DIR]');
  }
  build(path.resolve(args[0]), mirror && path.resolve(mirror));
}
