import type {
  InterfaceChange,
  InterfaceDiff,
  UpgradeJudgement,
} from '@platform-portal/plugin-platform-common';

/** The dotted path of an XRD property change (`v1beta1 spec.parameters.tier`) or chart value. */
function propertyPath(name: string): string {
  return name.replace(/^\S+ spec\./, '');
}

/** Whether a call sets the property at `path`: the path itself or anything below it. */
function setsPath(given: ReadonlySet<string>, path: string): boolean {
  if (given.has(path)) {
    return true;
  }
  const below = `${path}.`;
  for (const name of given) {
    if (name.startsWith(below)) {
      return true;
    }
  }
  return false;
}

/** The dotted path's parent, or undefined at the top. */
function parentPath(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : path.slice(0, dot);
}

/** Whether a change breaks a call that sets `given`, and what the call then needs. */
function judge(
  change: InterfaceChange,
  given: ReadonlySet<string>,
  usedOutputs: ReadonlySet<string> | undefined,
  removed: ReadonlySet<string>,
): string | undefined {
  const set = given.has(change.name);
  switch (change.change) {
    case 'input-added':
    case 'secret-added':
      return change.required && !set
        ? `needs \`${change.name}\` (new, required)`
        : undefined;
    case 'input-became-required':
    case 'secret-became-required':
      return set ? undefined : `needs \`${change.name}\` (now required)`;
    case 'property-became-required': {
      const path = propertyPath(change.name);
      const parent = parentPath(path);
      // A nested property is required only where its parent object is set.
      if (setsPath(given, path) || (parent && !setsPath(given, parent))) {
        return undefined;
      }
      return `needs \`${path}\` (${
        change.message.endsWith('is new and required')
          ? 'new, required'
          : 'now required'
      })`;
    }
    case 'input-removed':
    case 'secret-removed':
      return set ? `\`${change.name}\` is removed` : undefined;
    case 'property-removed': {
      const path = propertyPath(change.name);
      const parent = parentPath(change.name);
      // Under a removed object, the object's removal says it.
      if (parent && removed.has(parent)) {
        return undefined;
      }
      return setsPath(given, path) ? `\`${path}\` is removed` : undefined;
    }
    case 'input-type-changed':
      return set ? change.message : undefined;
    case 'output-removed':
      return !usedOutputs || usedOutputs.has(change.name)
        ? change.message
        : undefined;
    case 'version-not-served':
      return change.message;
    default:
      return undefined;
  }
}

/**
 * Judges an upgrade for one call, given the names of the arguments it sets (for XRD claims,
 * dotted paths below `spec`): a removed input the call does not set does not break it, a new
 * required input it does not set does. A claim sets a property when it sets anything below it;
 * a property newly required below an object the claim does not set is not needed. Without
 * `usedOutputs`, every removed output counts.
 *
 * @public
 */
export function judgeUpgrade(
  diff: InterfaceDiff,
  callArguments: readonly string[],
  usedOutputs?: readonly string[],
): UpgradeJudgement {
  const given = new Set(callArguments);
  const used = usedOutputs ? new Set(usedOutputs) : undefined;
  const removed = new Set(
    diff.changes
      .filter(change => change.change === 'property-removed')
      .map(change => change.name),
  );
  const needs: string[] = [];
  const changes: InterfaceChange[] = [];
  for (const change of diff.changes) {
    const need = judge(change, given, used, removed);
    if (need) {
      needs.push(need);
      changes.push(change);
    }
  }
  return { breaking: needs.length > 0, needs, changes };
}
