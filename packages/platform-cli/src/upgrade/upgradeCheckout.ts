import fs from 'node:fs/promises';
import path from 'node:path';
import {
  createDefaultExtractors,
  hclValue,
  PinTarget,
  planUpgrade,
  resolveReferences,
  scanTree,
  UpgradeRefusal,
} from '@platform-portal/plugin-platform-engine';
import type { ChangedFile } from '@platform-portal/plugin-platform-engine';
import { LoadedPlatform } from '../loadPlatform';
import { judgeMoves } from './judgeMoves';
import { ModuleReference, moduleReferences } from './moduleReferences';
import { readCheckoutFiles } from './readCheckoutFiles';
import { findReleaseTarget } from './releaseTarget';

/** Options of {@link upgradeCheckout}. */
export interface UpgradeCheckoutOptions {
  dir: string;
  platform: Pick<LoadedPlatform, 'snapshot' | 'repository'>;
  module: string;
  /** A release's version, or `latest`. */
  to: string;
  environment?: string;
  /** Values of the inputs the upgrade needs, by name. */
  inputs?: Record<string, unknown>;
  /** Plan only: nothing is written. */
  dryRun?: boolean;
}

/** What {@link upgradeCheckout} changed, and what it left to a person. */
export interface UpgradeCheckoutResult {
  module: string;
  target: PinTarget;
  /** The files with their new content (written unless it was a dry run). */
  files: ChangedFile[];
  patches: Array<{ file: string; patch: string }>;
  /** References of the module it moved or tried to. */
  referencesToMove: number;
  /** References of the module already at the target or past it, left as they are. */
  alreadyThere: number;
  needsPerson: UpgradeRefusal[];
  missingInputs: string[];
  /** Inputs given that no call of this upgrade needs. */
  unusedInputs: string[];
  notes: string[];
}

function byPosition(a: UpgradeRefusal, b: UpgradeRefusal): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

/**
 * Upgrades the references of one platform module in a checkout to a release: scans the
 * directory, moves every pin of the module (in one environment when asked) with the engine's
 * upgrade planner, adds the inputs a breaking upgrade needs and removes those it drops, and
 * writes the edited files in place unless it is a dry run. Throws, before anything is written,
 * for a module or release the platform does not have, or an environment none of the module's
 * references is in.
 */
export async function upgradeCheckout(
  options: UpgradeCheckoutOptions,
): Promise<UpgradeCheckoutResult> {
  const { snapshot, repository } = options.platform;
  if (!snapshot) {
    throw new Error('the platform manifest is not valid');
  }
  const { module, target, versions } = findReleaseTarget(
    snapshot,
    options.module,
    options.to,
  );
  // A value HCL cannot take is refused before anything is read or written.
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    hclValue(value, `${module.name}.${name}`);
  }
  const root = path.resolve(options.dir);
  const extractors = await createDefaultExtractors();
  const scanned = await scanTree(root, { extractors });
  const drifts = resolveReferences(scanned.references, snapshot);
  let found = moduleReferences(scanned.references, drifts, module, snapshot);
  if (options.environment !== undefined) {
    const inEnvironment = found.filter(
      entry => entry.drift.environment === options.environment,
    );
    if (found.length > 0 && inEnvironment.length === 0) {
      const environments = [
        ...new Set(found.map(entry => entry.drift.environment ?? '(none)')),
      ];
      throw new Error(
        `no reference to ${module.name} is in the environment "${
          options.environment
        }"; they are in ${environments.join(', ')}`,
      );
    }
    found = inEnvironment;
  }

  const targetIndex = versions.indexOf(target.version);
  const isAtTarget = (entry: ModuleReference) =>
    entry.drift.version !== undefined &&
    versions.indexOf(entry.drift.version) >= targetIndex;
  const toMove = found.filter(entry => !isAtTarget(entry));

  const needsPerson: UpgradeRefusal[] = [];
  // A file the scan could not read may pin the module too.
  for (const problem of scanned.problems) {
    needsPerson.push({
      file: problem.file,
      line: problem.line ?? 0,
      reason: `not read (${problem.message}); a person must check it for references to ${module.name}`,
    });
  }

  const judged = await judgeMoves({
    toMove,
    module: module.name,
    target,
    snapshot,
    repository,
  });
  needsPerson.push(...judged.needsPerson);
  const read = await readCheckoutFiles(root, judged.planned);
  needsPerson.push(...read.needsPerson);
  const { diffOf } = judged;
  const plan = planUpgrade({
    files: read.files,
    references: read.readable.map(entry => entry.reference),
    target,
    module: module.name,
    diffFor: reference => diffOf.get(reference),
    inputs: options.inputs,
    hclValue,
    extractors,
  });
  if (!options.dryRun) {
    for (const file of plan.files) {
      await fs.writeFile(path.join(root, file.path), file.content);
    }
  }

  const wanted = new Set(
    [...diffOf.values()].flatMap(diff =>
      diff.changes
        .filter(
          c =>
            (c.change === 'input-added' && c.required) ||
            c.change === 'input-became-required',
        )
        .map(c => c.name),
    ),
  );
  return {
    module: module.name,
    target,
    files: plan.files,
    patches: plan.patches,
    referencesToMove: toMove.length,
    alreadyThere: found.length - toMove.length,
    needsPerson: [...needsPerson, ...plan.needsPerson].sort(byPosition),
    missingInputs: plan.missingInputs,
    unusedInputs: Object.keys(options.inputs ?? {}).filter(
      name => !wanted.has(name),
    ),
    notes: [...plan.notes, ...judged.notes],
  };
}
