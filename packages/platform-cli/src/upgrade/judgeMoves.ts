import {
  InterfaceDiff,
  redactUrlCredentials,
  Reference,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  checkReferenceCall,
  diffInterfaces,
  InterfacePlatform,
  InterfaceReadError,
  judgeUpgrade,
  ModuleInterfaceReader,
  PinTarget,
  UpgradeRefusal,
} from '@platform-portal/plugin-platform-engine';
import { PlatformRepository } from '../loadPlatform';
import { ModuleReference } from './moduleReferences';

/** The changes of an upgrade a module call needs that planUpgrade makes in the file itself. */
const PLANNED_CHANGES = new Set([
  'input-added',
  'input-became-required',
  'input-removed',
]);

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

/** Which moves the planner may make, with their interface diffs, and which need a person. */
export interface JudgedMoves {
  planned: ModuleReference[];
  diffOf: Map<Reference, InterfaceDiff>;
  needsPerson: UpgradeRefusal[];
  notes: string[];
}

/**
 * Judges each reference to move: a pin that names no release is left to a person; a call is
 * judged by the interfaces of the release it pins and the target (read from the platform
 * repository), and what its upgrade needs that the planner does not write is left to a person;
 * a call whose interfaces cannot be read keeps its pin.
 */
export async function judgeMoves(options: {
  toMove: ModuleReference[];
  module: string;
  target: PinTarget;
  snapshot: PlatformSnapshot;
  repository?: PlatformRepository;
}): Promise<JudgedMoves> {
  const { toMove, target, snapshot, repository } = options;
  const moduleName = options.module;
  const needsPerson: UpgradeRefusal[] = [];
  const notes: string[] = [];
  const refuse = (reference: Reference, reason: string) =>
    needsPerson.push({
      file: reference.position.file,
      line: reference.position.line,
      reason,
    });
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
        moduleName,
        target,
        new Set(called.map(entry => entry.drift.version!)),
      )
    : new Map<string, InterfaceDiff | { failed: string }>();
  const diffOf = new Map<Reference, InterfaceDiff>();
  const planned: ModuleReference[] = [];
  for (const entry of toMove) {
    const { reference, drift } = entry;
    if (!drift.version && !reference.unresolved && reference.ref) {
      // A branch followed on purpose, a tag or commit that is no release: a person decides.
      refuse(
        reference,
        `"${reference.ref}" is no release of ${moduleName} (${drift.explanation}); a person must decide what to pin`,
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
          : `the releases of ${moduleName} cannot be read from the platform (its git directory does not end in .git); the pin is left as it is`,
      );
      continue;
    }
    // Other kinds than Terraform module calls: the call check says what the upgrade needs
    // (for a claim, of its own XRD version; for a workflow, of the secrets it passes).
    const check =
      reference.kind === 'terraform-module'
        ? undefined
        : await checkReferenceCall(reader!, platform!, reference, {
            module: moduleName,
            version: drift.version,
            latest: target.version,
          });
    const call = callNeeds(entry, diff, check?.upgrade?.needs ?? []);
    for (const need of call.needs) {
      refuse(
        reference,
        `${moduleName} ${target.version} ${need} in this call; a person must change it`,
      );
    }
    for (const note of call.notes) {
      if (!notes.includes(note)) notes.push(note);
    }
    diffOf.set(reference, diff);
    planned.push(entry);
  }

  return { planned, diffOf, needsPerson, notes };
}
