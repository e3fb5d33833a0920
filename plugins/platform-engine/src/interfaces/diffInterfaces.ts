import type {
  InterfaceChange,
  InterfaceDiff,
  ModuleInterface,
  ModuleRelease,
  SchemaProperty,
  XrdInterface,
} from '@platform-portal/plugin-platform-common';

/**
 * A module's interface at one release.
 *
 * @public
 */
export interface ReleaseInterface {
  release: ModuleRelease;
  interface: ModuleInterface;
}

interface Input {
  name: string;
  type?: string;
  required: boolean;
  default?: unknown;
}

function byName<T extends { name: string }>(items: T[]): Map<string, T> {
  return new Map(items.map(item => [item.name, item]));
}

function sameType(a?: string, b?: string): boolean {
  return (a ?? '').replace(/\s+/g, '') === (b ?? '').replace(/\s+/g, '');
}

function diffInputs(before: Input[], after: Input[]): InterfaceChange[] {
  const changes: InterfaceChange[] = [];
  const old = byName(before);
  const next = byName(after);
  for (const input of after) {
    const previous = old.get(input.name);
    if (!previous) {
      changes.push({
        change: 'input-added',
        name: input.name,
        required: input.required,
        breaking: input.required,
        message: input.required
          ? `\`${input.name}\` is new and required`
          : `\`${input.name}\` is new and optional`,
      });
      continue;
    }
    if (!sameType(previous.type, input.type)) {
      changes.push({
        change: 'input-type-changed',
        name: input.name,
        breaking: true,
        message: `\`${input.name}\` changes type from ${
          previous.type ?? 'any'
        } to ${input.type ?? 'any'}`,
      });
    }
    if (!previous.required && input.required) {
      changes.push({
        change: 'input-became-required',
        name: input.name,
        breaking: true,
        message: `\`${input.name}\` becomes required`,
      });
    } else if (previous.required && !input.required) {
      changes.push({
        change: 'input-became-optional',
        name: input.name,
        breaking: false,
        message: `\`${input.name}\` becomes optional`,
      });
    } else if (
      !input.required &&
      JSON.stringify(previous.default) !== JSON.stringify(input.default)
    ) {
      changes.push({
        change: 'input-default-changed',
        name: input.name,
        breaking: false,
        message: `\`${input.name}\` defaults to ${JSON.stringify(
          input.default,
        )} instead of ${JSON.stringify(previous.default)}`,
      });
    }
  }
  for (const input of before) {
    if (!next.has(input.name)) {
      changes.push({
        change: 'input-removed',
        name: input.name,
        breaking: true,
        message: `\`${input.name}\` is removed`,
      });
    }
  }
  return changes;
}

function diffNames(
  before: string[],
  after: string[],
  added: InterfaceChange['change'],
  removed: InterfaceChange['change'],
  what: string,
): InterfaceChange[] {
  // A new name breaks no caller; a name that goes breaks those that use it.
  const change = (
    name: string,
    kind: InterfaceChange['change'],
    breaking: boolean,
  ): InterfaceChange => ({
    change: kind,
    name,
    breaking,
    message: `${what} \`${name}\` is ${breaking ? 'removed' : 'new'}`,
  });
  return [
    ...after
      .filter(name => !before.includes(name))
      .map(name => change(name, added, false)),
    ...before
      .filter(name => !after.includes(name))
      .map(name => change(name, removed, true)),
  ];
}

/** Properties by dotted path, with whether each is required where its parent is set. */
function flatten(
  properties: SchemaProperty[],
  prefix = '',
  out = new Map<string, SchemaProperty>(),
): Map<string, SchemaProperty> {
  for (const property of properties) {
    const path = `${prefix}${property.name}`;
    out.set(path, property);
    flatten(property.properties ?? [], `${path}.`, out);
  }
  return out;
}

function diffProperties(
  before: SchemaProperty[],
  after: SchemaProperty[],
  prefix: string,
): InterfaceChange[] {
  const changes: InterfaceChange[] = [];
  const old = flatten(before);
  const next = flatten(after);
  for (const [path, property] of next) {
    if (property.required && !old.get(path)?.required) {
      changes.push({
        change: 'property-became-required',
        name: `${prefix}${path}`,
        required: true,
        breaking: true,
        message: old.has(path)
          ? `\`${prefix}${path}\` becomes required`
          : `\`${prefix}${path}\` is new and required`,
      });
    }
  }
  for (const path of old.keys()) {
    if (!next.has(path)) {
      changes.push({
        change: 'property-removed',
        name: `${prefix}${path}`,
        breaking: true,
        message: `\`${prefix}${path}\` is removed`,
      });
    }
  }
  return changes;
}

function diffXrds(
  before: XrdInterface,
  after: XrdInterface,
): InterfaceChange[] {
  const changes: InterfaceChange[] = [];
  const next = byName(after.versions);
  for (const version of before.versions) {
    const now = next.get(version.name);
    // Only a version that is no longer served breaks the claims written against it.
    for (const [flag, change, breaking] of [
      ['served', 'version-not-served', true],
      ['referenceable', 'version-not-referenceable', false],
    ] as const) {
      if (version[flag] && !now?.[flag]) {
        changes.push({
          change,
          name: version.name,
          breaking,
          message: `version ${version.name} is no longer ${flag}`,
        });
      }
    }
    if (now?.served) {
      changes.push(
        ...diffProperties(
          version.properties,
          now.properties,
          `${version.name} spec.`,
        ),
      );
    }
  }
  return changes;
}

function diffChanges(
  before: ModuleInterface,
  after: ModuleInterface,
): InterfaceChange[] | undefined {
  if (before.kind === 'terraform' && after.kind === 'terraform') {
    return [
      ...diffInputs(before.variables, after.variables),
      ...diffNames(
        before.outputs.map(o => o.name),
        after.outputs.map(o => o.name),
        'output-added',
        'output-removed',
        'output',
      ),
    ];
  }
  if (before.kind === 'workflow' && after.kind === 'workflow') {
    const secrets = diffInputs(
      before.secrets,
      after.secrets.map(secret => ({ ...secret, type: undefined })),
    ).map(change => ({
      ...change,
      change: change.change.replace(
        'input-',
        'secret-',
      ) as InterfaceChange['change'],
      message: `secret ${change.message}`,
    }));
    return [...diffInputs(before.inputs, after.inputs), ...secrets];
  }
  if (before.kind === 'xrd' && after.kind === 'xrd') {
    return diffXrds(before, after);
  }
  if (before.kind === 'helm' && after.kind === 'helm') {
    return diffProperties(before.properties, after.properties, '');
  }
  return undefined;
}

/**
 * What changed between two releases of a module, each change marked breaking or not.
 *
 * @public
 */
export function diffInterfaces(
  from: ReleaseInterface,
  to: ReleaseInterface,
): InterfaceDiff {
  const changes = diffChanges(from.interface, to.interface);
  if (!changes) {
    throw new Error(
      `${from.release.module}@${from.release.tag} is a ${from.interface.kind} module but ${to.release.module}@${to.release.tag} is a ${to.interface.kind} module`,
    );
  }
  return {
    from: from.release,
    to: to.release,
    changes,
    breaking: changes.some(change => change.breaking),
  };
}
