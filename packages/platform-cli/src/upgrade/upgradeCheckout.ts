import fs from 'node:fs/promises';
import path from 'node:path';
import {
  InterfaceDiff,
  redactUrlCredentials,
  Reference,
} from '@internal/plugin-platform-common';
import {
  checkReferenceCall,
  createDefaultExtractors,
  diffInterfaces,
  hclValue,
  InterfacePlatform,
  InterfaceReadError,
  judgeUpgrade,
  ModuleInterfaceReader,
  PinTarget,
  planUpgrade,
  resolveReferences,
  scanTree,
  UpgradeRefusal,
} from '@internal/plugin-platform-engine';
import type { ChangedFile } from '@internal/plugin-platform-engine';
import { LoadedPlatform, PlatformRepository } from '../loadPlatform';
import { ModuleReference, moduleReferences } from './moduleReferences';
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

/** The changes of an upgrade a module call needs that planUpgrade makes in the file itself. */
const PLANNED_CHANGES = new Set([
  'input-added',
  'input-became-required',
  'input-removed',
]);

function byPosition(a: UpgradeRefusal, b: UpgradeRefusal): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

/**
 * A file of the checkout to edit, refused unless it is a regular file inside it reached without
 * a symbolic link: writing through one would change a file elsewhere, or one file twice.
 */
async function readCheckoutFile(
  root: string,
  file: string,
): Promise<{ content: string } | { refused: string }> {
  const full = path.join(root, file);
  const real = await fs.realpath(full);
  if (real !== path.join(await fs.realpath(root), file)) {
    return {
      refused: `${file} is reached through a symbolic link; a person must edit the file it points to`,
    };
  }
  if (!(await fs.lstat(real)).isFile()) {
    return { refused: `${file} is not a regular file` };
  }
  return { content: await fs.readFile(real, 'utf8') };
}

/** The interface diffs of the moves, by pinned version; a message where one cannot be read. */
async function readDiffs(
  reader: ModuleInterfaceReader,
  platform: InterfacePlatform,
  repository: PlatformRepository,
  module: string,
  target: PinTarget,
  versions: Iterable<string>,
): Promise<Map<string, InterfaceDiff | { failed: string }>> {
  const read = (version: string) =>
    reader.read(platform, module, version).catch(error => {
      throw error instanceof InterfaceReadError
        ? error
        : new Error(
            redactUrlCredentials(String(error?.message ?? error)).replaceAll(
              repository.url,
              repository.location,
            ),
          );
    });
  const diffs = new Map<string, InterfaceDiff | { failed: string }>();
  for (const version of versions) {
    try {
      const [from, to] = await Promise.all([
        read(version),
        read(target.version),
      ]);
      diffs.set(version, diffInterfaces(from, to));
    } catch (error) {
      diffs.set(version, { failed: (error as Error).message });
    }
  }
  return diffs;
}

/**
 * What the upgrade of one call needs that the planner does not write into the file: for a
 * Terraform module call, a changed type (the new inputs and removed ones are edited in place);
 * for every other kind, everything the upgrade needs of the call.
 */
function callNeeds(
  entry: ModuleReference,
  diff: InterfaceDiff,
  checkNeeds: string[],
): { needs: string[]; notes: string[] } {
  const { reference } = entry;
  if (reference.kind !== 'terraform-module') {
    return { needs: checkNeeds, notes: [] };
  }
  const judgement = judgeUpgrade(
    diff,
    reference.call?.arguments.map(a => a.name) ?? [],
  );
  const needs: string[] = [];
  const notes: string[] = [];
  judgement.changes.forEach((change, i) => {
    if (change.change === 'output-removed') {
      notes.push(`${change.message}: check what reads it`);
    } else if (!PLANNED_CHANGES.has(change.change)) {
      needs.push(judgement.needs[i]);
    }
  });
  return { needs, notes };
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
  const notes: string[] = [];
  const refuse = (reference: Reference, reason: string) =>
    needsPerson.push({
      file: reference.position.file,
      line: reference.position.line,
      reason,
    });
  // A file the scan could not read may pin the module too.
  for (const problem of scanned.problems) {
    needsPerson.push({
      file: problem.file,
      line: problem.line ?? 0,
      reason: `not read (${problem.message}); a person must check it for references to ${module.name}`,
    });
  }

  // The calls are judged against the interfaces of the pinned release and the target.
  const called = toMove.filter(
    entry => entry.reference.call && entry.drift.version,
  );
  const reader = repository
    ? new ModuleInterfaceReader({ hosts: repository.hosts })
    : undefined;
  const platform = repository && { url: repository.url, snapshot };
  const diffs = reader
    ? await readDiffs(
        reader,
        platform!,
        repository!,
        module.name,
        target,
        new Set(called.map(entry => entry.drift.version!)),
      )
    : new Map();
  const diffOf = new Map<Reference, InterfaceDiff>();
  const planned: ModuleReference[] = [];
  for (const entry of toMove) {
    const { reference, drift } = entry;
    if (!drift.version && !reference.unresolved && reference.ref) {
      // A branch followed on purpose, a tag or commit that is no release: a person decides.
      refuse(
        reference,
        `"${reference.ref}" is no release of ${module.name} (${drift.explanation}); a person must decide what to pin`,
      );
      continue;
    }
    if (!reference.call || !drift.version) {
      planned.push(entry);
      continue;
    }
    const diff = diffs.get(drift.version);
    if (!diff || 'failed' in diff) {
      refuse(
        reference,
        diff
          ? `the upgrade's changes to the call cannot be read (${diff.failed}); the pin is left as it is`
          : `the releases of ${module.name} cannot be read from the platform (its git directory does not end in .git); the pin is left as it is`,
      );
      continue;
    }
    // Other kinds than Terraform module calls: the call check says what the upgrade needs
    // (for a claim, of its own XRD version; for a workflow, of the secrets it passes).
    const check =
      reference.kind === 'terraform-module'
        ? undefined
        : await checkReferenceCall(reader!, platform!, reference, {
            module: module.name,
            version: drift.version,
            latest: target.version,
          });
    const call = callNeeds(entry, diff, check?.upgrade?.needs ?? []);
    for (const need of call.needs) {
      refuse(
        reference,
        `${module.name} ${target.version} ${need} in this call; a person must change it`,
      );
    }
    for (const note of call.notes) {
      if (!notes.includes(note)) notes.push(note);
    }
    diffOf.set(reference, diff);
    planned.push(entry);
  }

  const files: ChangedFile[] = [];
  const readable: ModuleReference[] = [];
  const refusedFiles = new Map<string, string>();
  for (const file of new Set(planned.map(e => e.reference.position.file))) {
    const read = await readCheckoutFile(root, file);
    if ('refused' in read) {
      refusedFiles.set(file, read.refused);
    } else {
      files.push({ path: file, content: read.content });
    }
  }
  for (const entry of planned) {
    const refused = refusedFiles.get(entry.reference.position.file);
    if (refused) refuse(entry.reference, refused);
    else readable.push(entry);
  }

  const plan = planUpgrade({
    files,
    references: readable.map(entry => entry.reference),
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
    notes: [...plan.notes, ...notes],
  };
}
