import type {
  CallCheck,
  CallFinding,
  DriftResult,
  InterfaceDiff,
  ModuleCall,
  ModuleReleaseInterface,
  Reference,
  UpgradeSummary,
} from '@platform-portal/plugin-platform-common';
import semver from 'semver';
import { partOfModule } from '../resolution/moduleParts';
import { checkCall } from './checkCall';
import { diffInterfaces } from './diffInterfaces';
import { judgeUpgrade } from './judgeUpgrade';
import {
  InterfacePlatform,
  ModuleInterfaceReader,
} from './ModuleInterfaceReader';

/**
 * The diff of each pair of releases read: the reader answers the same object for the same
 * release, and a scan judges thousands of calls of a few dozen releases against their latest.
 */
const diffs = new WeakMap<
  ModuleReleaseInterface,
  WeakMap<ModuleReleaseInterface, InterfaceDiff>
>();

function diffOnce(
  pinned: ModuleReleaseInterface,
  latest: ModuleReleaseInterface,
): InterfaceDiff {
  let fromPinned = diffs.get(pinned);
  if (!fromPinned) {
    fromPinned = new WeakMap();
    diffs.set(pinned, fromPinned);
  }
  let diff = fromPinned.get(latest);
  if (!diff) {
    diff = diffInterfaces(pinned, latest);
    fromPinned.set(latest, diff);
  }
  return diff;
}

/** The names a call sets, as the upgrade judgement compares them with the changes. */
function setNames(call: ModuleCall): string[] {
  return [...call.arguments.map(a => a.name), ...(call.secrets ?? [])];
}

/**
 * The changes that concern a claim of one XRD version: a claim names its version, so what
 * changed in the others does not touch it.
 */
function forVersion(
  diff: InterfaceDiff,
  version: string | undefined,
): InterfaceDiff {
  if (version === undefined) {
    return diff;
  }
  const changes = diff.changes.filter(
    change =>
      change.name === version || change.name.startsWith(`${version} spec.`),
  );
  return { ...diff, changes, breaking: changes.some(c => c.breaking) };
}

/** A call that passes all its secrets (`secrets: inherit`) is not touched by secret changes. */
function withoutSecrets(diff: InterfaceDiff): InterfaceDiff {
  const changes = diff.changes.filter(c => !c.change.startsWith('secret-'));
  return { ...diff, changes, breaking: changes.some(c => c.breaking) };
}

/**
 * Checks the call of one resolved reference against the interface of the release it pins, and
 * judges the upgrade to the latest release for that call. Answers undefined when there is
 * nothing to check: no call recorded, no platform module version resolved, or a call of a
 * submodule (`//modules/node-group` inside the module), whose interface is its own and not
 * the module's: judged against the module's, it would report arguments it does not lack. Throws what
 * {@link ModuleInterfaceReader.read} throws when an interface cannot be read.
 *
 * @public
 */
export async function checkReferenceCall(
  reader: ModuleInterfaceReader,
  platform: InterfacePlatform,
  reference: Pick<Reference, 'call'> &
    Partial<Pick<Reference, 'target' | 'name'>>,
  drift: Pick<DriftResult, 'module' | 'version' | 'latest'>,
): Promise<CallCheck | undefined> {
  const { call } = reference;
  if (!call || !drift.module || !drift.version) {
    return undefined;
  }
  const module = platform.snapshot.manifest.modules.find(
    candidate => candidate.name === drift.module,
  );
  if (
    module &&
    partOfModule(
      { target: reference.target, name: reference.name ?? '' },
      module,
    ) !== ''
  ) {
    return undefined;
  }
  const pinned = await reader.read(platform, drift.module, drift.version);
  const callFindings: CallFinding[] = checkCall(
    pinned.release,
    pinned.interface,
    call.arguments,
    call.inheritsSecrets ? 'inherit' : call.secrets ?? [],
    call.schemaVersion,
  );
  let upgrade: UpgradeSummary | undefined;
  // A pin newer than its channel's latest (tagged, not yet published there) has no upgrade.
  if (drift.latest && semver.gt(drift.latest, drift.version)) {
    const latest = await reader.read(platform, drift.module, drift.latest);
    let diff = diffOnce(pinned, latest);
    if (pinned.interface.kind === 'xrd') {
      diff = forVersion(diff, call.schemaVersion);
    }
    if (call.inheritsSecrets) {
      diff = withoutSecrets(diff);
    }
    const judgement = judgeUpgrade(diff, setNames(call));
    upgrade = {
      to: drift.latest,
      breaking: judgement.breaking,
      needs: judgement.needs,
    };
  }
  let callStatus: CallCheck['callStatus'] = 'ok';
  if (callFindings.length > 0) {
    callStatus = 'broken';
  } else if (upgrade?.breaking) {
    callStatus = 'breaking-upgrade';
  }
  return { callStatus, callFindings, upgrade };
}
