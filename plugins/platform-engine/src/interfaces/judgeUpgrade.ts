import type {
  InterfaceChange,
  InterfaceDiff,
  UpgradeJudgement,
} from '@internal/plugin-platform-common';

/** Whether a change breaks a call that sets `given`, and what the call then needs. */
function judge(
  change: InterfaceChange,
  given: ReadonlySet<string>,
  usedOutputs: ReadonlySet<string> | undefined,
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
    case 'property-became-required':
      return set
        ? undefined
        : `needs \`${change.name.replace(/^\S+ spec\./, '')}\` (${
            change.message.endsWith('is new and required')
              ? 'new, required'
              : 'now required'
          })`;
    case 'input-removed':
    case 'secret-removed':
      return set ? `\`${change.name}\` is removed` : undefined;
    case 'property-removed': {
      const path = change.name.replace(/^\S+ spec\./, '');
      return given.has(path) ? `\`${path}\` is removed` : undefined;
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
 * required input it does not set does. Without `usedOutputs`, every removed output counts.
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
  const needs: string[] = [];
  const changes: InterfaceChange[] = [];
  for (const change of diff.changes) {
    const need = judge(change, given, used);
    if (need) {
      needs.push(need);
      changes.push(change);
    }
  }
  return { breaking: needs.length > 0, needs, changes };
}
