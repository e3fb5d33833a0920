import type { PlatformManifest } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import {
  createCrossplaneExtractor,
  crossplaneExtractor,
} from './crossplaneExtractor';

/**
 * The extractors with the built-in Crossplane extractor told which types the platforms' XRDs
 * define (each linked XRD's composite kind and, as read at the latest release, its claim kind).
 * A claim that leaves the Composition to its XRD looks like any other Kubernetes object; only
 * its type says it orders from the platform, so without these types a service repository that
 * holds no XRD of its own would have its claims missed. A Crossplane extractor configured by
 * the app is left as it is.
 *
 * @public
 */
export function withPlatformXrdTypes(
  extractors: ReferenceExtractor[],
  manifests: Array<Pick<PlatformManifest, 'modules'>>,
): ReferenceExtractor[] {
  const definitions = manifests.flatMap(manifest =>
    manifest.modules.flatMap(({ xrd }) =>
      xrd
        ? [
            { group: xrd.group, kind: xrd.kind },
            ...(xrd.latest?.claimKind
              ? [{ group: xrd.group, kind: xrd.latest.claimKind }]
              : []),
          ]
        : [],
    ),
  );
  if (definitions.length === 0) {
    return extractors;
  }
  const withTypes = createCrossplaneExtractor({ definitions });
  return extractors.map(extractor =>
    extractor === crossplaneExtractor ? withTypes : extractor,
  );
}
