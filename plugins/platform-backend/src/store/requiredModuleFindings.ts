import {
  PlatformModuleInfo,
  RepositoryStatus,
  RequiredModuleReference,
  ServiceRequiredModuleFinding,
  findRequiredModuleFindings,
  requiredModulesOf,
} from '@platform-portal/plugin-platform-common';

/**
 * Whether a service's stored references say what it uses: it was scanned, now or before a
 * failure that kept those results. A service never scanned is not judged, not found missing.
 */
export function wasScanned(status: RepositoryStatus | undefined): boolean {
  return status?.scannedAt !== undefined;
}

/**
 * The required-module findings of every scanned service, by entity ref then module order.
 *
 * @param referencesOf - the stored references of one service
 */
export function findServicesRequiredModules(
  modules: readonly PlatformModuleInfo[],
  statuses: Iterable<RepositoryStatus>,
  referencesOf: (
    entityRef: string,
  ) => Array<RequiredModuleReference & { owner?: string }>,
): ServiceRequiredModuleFinding[] {
  const required = requiredModulesOf(modules);
  if (required.length === 0) {
    return [];
  }
  const items: ServiceRequiredModuleFinding[] = [];
  const scanned = [...statuses]
    .filter(wasScanned)
    .map(status => status.entityRef)
    .sort();
  for (const entityRef of scanned) {
    const references = referencesOf(entityRef);
    // Every row of a service carries the owner its repository has.
    const owner = references.find(reference => reference.owner)?.owner;
    for (const finding of findRequiredModuleFindings(required, references)) {
      items.push({ entityRef, ...(owner && { owner }), finding });
    }
  }
  return items;
}
