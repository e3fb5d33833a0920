import {
  DriftResult,
  PlatformModule,
  Reference,
} from '@platform-portal/plugin-platform-common';
import { PlatformSnapshot } from '@platform-portal/plugin-platform-node';
import {
  parseModuleSource,
  resolveReference,
} from '@platform-portal/plugin-platform-engine';

/** A reference of the module being upgraded, with what its pin resolved to. */
export interface ModuleReference {
  reference: Reference;
  drift: DriftResult;
}

/**
 * The module a source built from an expression points at, as far as the literal parts say:
 * `…//modules/vpc?ref=${var.ref}` is still a reference to vpc, one a person must move.
 */
function moduleOfUnresolved(
  reference: Reference,
  snapshot: PlatformSnapshot,
): string | undefined {
  const literal = reference.source.replace(/\$\{[^}]*\}/g, '');
  const { target } = parseModuleSource(literal, {
    file: reference.position.file,
  });
  if (!target) {
    return undefined;
  }
  return resolveReference(
    {
      ...reference,
      target,
      unresolved: undefined,
      pin: 'none',
      ref: undefined,
    },
    snapshot,
  ).module;
}

/**
 * The references of `module` among those scanned, with their drift: every one resolved to the
 * module, and those whose source is an expression around the module's address, so that the
 * upgrade can name them as needing a person.
 */
export function moduleReferences(
  references: readonly Reference[],
  drifts: readonly DriftResult[],
  module: PlatformModule,
  snapshot: PlatformSnapshot,
): ModuleReference[] {
  const found: ModuleReference[] = [];
  references.forEach((reference, i) => {
    const drift = drifts[i];
    const name =
      drift.module ??
      (reference.unresolved
        ? moduleOfUnresolved(reference, snapshot)
        : undefined);
    if (name === module.name) {
      found.push({ reference, drift: { ...drift, module: name } });
    }
  });
  return found;
}
