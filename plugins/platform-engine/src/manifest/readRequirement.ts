import { PlatformRequirement } from '@platform-portal/plugin-platform-common';
import { validRange } from 'semver';
import { Node, isMap, isScalar } from 'yaml';

/**
 * The `required` of a module in `platform.yaml`: `true` (every service must use it, at any
 * release), `false`, or `{ versions: '>= 3.0.0' }`, a range written as a deprecation's
 * `versions` is, so one vocabulary names the releases a platform team wants and those it
 * retires. A bad value is reported and left out; the module stays, not required.
 *
 * @param node - the value, aliases resolved; undefined when absent or null
 * @param report - records a problem at a node (the value when none is given)
 */
export function readRequirement(
  node: Node | undefined,
  path: string,
  report: (message: string, at?: Node) => void,
): PlatformRequirement | undefined {
  if (node === undefined) {
    return undefined;
  }
  if (isScalar(node) && typeof node.value === 'boolean') {
    return node.value ? {} : undefined;
  }
  if (!isMap(node)) {
    report(
      `${path}: must be true, false or a mapping such as { versions: '>= 2.0.0' }`,
    );
    return undefined;
  }
  let versions: string | undefined;
  for (const pair of node.items) {
    const key = pair.key as Node;
    const name = isScalar(key) ? String(key.value) : String(key);
    if (name !== 'versions') {
      report(`${path}.${name}: unknown field; expected versions`, key);
      continue;
    }
    const value = pair.value as Node | null;
    const text =
      isScalar(value) && typeof value.value === 'string'
        ? value.value.trim()
        : undefined;
    if (!text) {
      report(
        `${path}.versions: must be a semver range such as '>= 2.0.0'`,
        value ?? key,
      );
      return undefined;
    }
    if (validRange(text) === null) {
      report(
        `${path}.versions: "${text}" is not a valid semver range`,
        value ?? key,
      );
      return undefined;
    }
    versions = text;
  }
  return versions === undefined ? {} : { versions };
}
