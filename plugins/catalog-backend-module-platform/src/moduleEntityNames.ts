import { createHash } from 'node:crypto';
import { CompoundEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';

/**
 * The annotation naming the platform (its manifest name) of a module entity.
 *
 * @public
 */
export const PLATFORM_ANNOTATION_PLATFORM = 'platform-portal.io/platform';

/**
 * The annotation naming the platform module of a module entity.
 *
 * @public
 */
export const PLATFORM_ANNOTATION_MODULE = 'platform-portal.io/module';

const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

function trimSeparators(text: string): string {
  return text.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/** `base` cut short enough to carry `-<hash of seed>`, so long names stay distinct. */
function withHash(base: string, seed: string): string {
  const prefix = trimSeparators(
    base.slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1),
  );
  return `${prefix || 'module'}-${hashOf(seed)}`;
}

/** `text` as a valid entity name: lower case, other characters as `-`, at most 63 long. */
export function toEntityName(text: string): string {
  const name = trimSeparators(
    text.toLocaleLowerCase('en-US').replace(/[^a-z0-9._-]+/g, '-'),
  );
  return name && name.length <= MAX_NAME_LENGTH ? name : withHash(name, text);
}

/** The entity ref of a platform module, or undefined for a module the platforms do not have. */
export type ModuleEntityRefs = (
  platform: string,
  module: string,
) => CompoundEntityRef | undefined;

function keyOf(platform: string, module: string): string {
  return JSON.stringify([platform, module]);
}

/**
 * How the module entities are named, for the entity provider and the dependency processor
 * alike: a module is `component:default/<module>`, or `<platform>-<module>` when more than one
 * platform has a module of that name.
 */
export function moduleEntityRefs(
  modules: ReadonlyArray<{ platform: string; name: string }>,
): ModuleEntityRefs {
  const unique = new Map<string, { platform: string; name: string }>();
  for (const { platform, name } of modules) {
    unique.set(keyOf(platform, name), { platform, name });
  }

  const platformsByName = new Map<string, Set<string>>();
  for (const { platform, name } of unique.values()) {
    const plain = toEntityName(name);
    const platforms = platformsByName.get(plain) ?? new Set<string>();
    platforms.add(platform);
    platformsByName.set(plain, platforms);
  }

  const names = new Map<string, string>();
  for (const [key, { platform, name }] of unique) {
    const plain = toEntityName(name);
    names.set(
      key,
      platformsByName.get(plain)!.size > 1
        ? toEntityName(`${platform}-${name}`)
        : plain,
    );
  }

  // A qualified name can still meet another module's plain one (platform `a`'s module `b`, when
  // another platform has a `b` too, and some platform's module `a-b`); both then get a hash
  // rather than one entity silently replacing the other.
  const uses = new Map<string, number>();
  for (const name of names.values()) {
    uses.set(name, (uses.get(name) ?? 0) + 1);
  }
  for (const [key, name] of names) {
    if (uses.get(name)! > 1) {
      names.set(key, withHash(name, key));
    }
  }

  return (platform, module) => {
    const name = names.get(keyOf(platform, module));
    return name
      ? { kind: 'component', namespace: DEFAULT_NAMESPACE, name }
      : undefined;
  };
}
