/* eslint-disable no-console */
// The tree pass's recall on the corpus of scripts/corpus/fetch-tree-pass-corpus.sh, per kind:
// Terragrunt sources resolved, per file alone and with the tree, next to Renovate's terragrunt
// manager; Crossplane claims found, per file alone and with the tree, next to the hand count in
// scripts/corpus/tree-pass-claims.txt. Run through scripts/corpus/tree-pass-recall.sh.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Reference } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  scanTree,
} from '@platform-portal/plugin-platform-engine';

const [corpus, claimsFile, renovate] = process.argv.slice(2);

/** The same extractors without their tree passes: what scanning one file at a time finds. */
const perFile = (extractors: ReferenceExtractor[]): ReferenceExtractor[] =>
  extractors.map(({ id, matches, extract }) => ({ id, matches, extract }));

/** Renovate's terragrunt sources of a tree, and those it has a version to look up for. */
function renovateTerragrunt(tree: string): {
  found: number;
  versioned: number;
} {
  if (!fs.existsSync(path.join(tree, '.git'))) {
    // Renovate's local platform reads a git repository.
    const git = (...args: string[]) =>
      spawnSync('git', args, { cwd: tree, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git(
      '-c',
      'user.name=corpus',
      '-c',
      'user.email=corpus@example.com',
      'commit',
      '-qm',
      'corpus',
    );
  }
  const report = path.join(
    os.tmpdir(),
    `tree-pass-renovate-${process.pid}.json`,
  );
  const run = spawnSync(
    renovate,
    [
      '--platform=local',
      '--dry-run=extract',
      '--onboarding=false',
      '--report-type=file',
      `--report-path=${report}`,
    ],
    { cwd: tree, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  if (run.status !== 0 || !fs.existsSync(report)) {
    throw new Error(`renovate failed on ${tree}: ${run.stdout}${run.stderr}`);
  }
  const parsed = JSON.parse(fs.readFileSync(report, 'utf8'));
  fs.rmSync(report);
  let found = 0;
  let versioned = 0;
  for (const repository of Object.values<any>(parsed.repositories)) {
    for (const file of repository.packageFiles?.terragrunt ?? []) {
      for (const dep of file.deps) {
        // A source has a datasource, or the reason it is skipped (`local`, unsupported URL…);
        // the empty ones are the unit's `dependency` blocks.
        if (!dep.datasource && !dep.skipReason) {
          continue;
        }
        found += 1;
        if (dep.datasource && dep.currentValue && !dep.skipReason) {
          versioned += 1;
        }
      }
    }
  }
  return { found, versioned };
}

const sources = (references: Reference[]) =>
  references.filter(r => r.kind === 'terragrunt-source');

async function main() {
  const extractors = await createDefaultExtractors();
  const claims = fs
    .readFileSync(claimsFile, 'utf8')
    .split('\n')
    .filter(line => line && !line.startsWith('#'))
    .map(line => line.split(' '));

  console.log(
    'Terragrunt sources: resolved / found (of them: remote with a version)',
  );
  console.log(
    'repository | per file | with the tree | Renovate: with a version to look up / found',
  );
  const total = {
    before: 0,
    after: 0,
    all: 0,
    versionedBefore: 0,
    versionedAfter: 0,
    renovate: 0,
    renovateAll: 0,
  };
  const terragrunt = path.join(corpus, 'terragrunt');
  for (const repository of fs.readdirSync(terragrunt).sort()) {
    const tree = path.join(terragrunt, repository);
    const before = sources(
      (await scanTree(tree, { extractors: perFile(extractors) })).references,
    );
    const after = sources((await scanTree(tree, { extractors })).references);
    const resolved = (list: Reference[]) =>
      list.filter(r => !r.unresolved).length;
    // What Renovate would look up: a source outside the tree, with a version.
    const versioned = (list: Reference[]) =>
      list.filter(r => r.target && r.target.type !== 'local' && r.ref).length;
    const theirs = renovate
      ? renovateTerragrunt(tree)
      : { found: NaN, versioned: NaN };
    total.before += resolved(before);
    total.after += resolved(after);
    total.all += after.length;
    total.versionedBefore += versioned(before);
    total.versionedAfter += versioned(after);
    total.renovate += theirs.versioned;
    total.renovateAll += theirs.found;
    console.log(
      `${repository} | ${resolved(before)}/${before.length} (${versioned(
        before,
      )}) | ${resolved(after)}/${after.length} (${versioned(after)}) | ${
        theirs.versioned
      }/${theirs.found}`,
    );
    for (const r of after.filter(x => x.unresolved)) {
      console.log(
        `    unresolved ${r.position.file}:${r.position.line}: ${
          r.unresolved!.reason
        }`,
      );
    }
  }
  console.log(
    `all | ${total.before}/${total.all} (${total.versionedBefore}) | ${total.after}/${total.all} (${total.versionedAfter}) | ${total.renovate}/${total.renovateAll}`,
  );

  console.log(
    '\nCrossplane claims and composite resources: found / counted by hand',
  );
  console.log('repository | per file | with the tree');
  const crossplane = path.join(corpus, 'crossplane');
  const sum = { before: 0, after: 0, hand: 0 };
  for (const repository of fs.readdirSync(crossplane).sort()) {
    const tree = path.join(crossplane, repository);
    const counted = claims.filter(([repo]) => repo === repository);
    const found = (references: Reference[]) =>
      counted.filter(([, file, line]) =>
        references.some(
          r =>
            r.kind === 'crossplane-composite-type' &&
            r.position.file === file &&
            r.position.line === Number(line),
        ),
      ).length;
    const before = found(
      (await scanTree(tree, { extractors: perFile(extractors) })).references,
    );
    const after = found((await scanTree(tree, { extractors })).references);
    sum.before += before;
    sum.after += after;
    sum.hand += counted.length;
    console.log(
      `${repository} | ${before}/${counted.length} | ${after}/${counted.length}`,
    );
  }
  console.log(`all | ${sum.before}/${sum.hand} | ${sum.after}/${sum.hand}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
