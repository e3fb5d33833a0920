import type { PlatformXrdVersion } from '@platform-portal/plugin-platform-common';
import { YamlDocument } from './yamlDocuments';

/**
 * What a CompositeResourceDefinition defines: the group, the composite kind, the claim kind
 * when it offers claims, and each version's flags.
 */
export interface CrossplaneDefinition {
  group: string;
  kind: string;
  claimKind?: string;
  versions: PlatformXrdVersion[];
}

/** `group` of `group/version`; empty for the core group. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `version` of `group/version`. */
export function apiVersionName(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

/** Whether the object is one of Crossplane's own definitions of that kind. */
function isApiExtension(doc: YamlDocument, node: unknown, kind: string) {
  return (
    doc.getString(node, 'kind')?.trim() === kind &&
    apiGroup(doc.getString(node, 'apiVersion')?.trim() ?? '') ===
      'apiextensions.crossplane.io'
  );
}

function flag(doc: YamlDocument, node: unknown, key: string): boolean {
  // Kubernetes reads only a YAML boolean; `"true"` is refused by the API server, so not true.
  return doc.scalar(doc.get(node, key)) === true;
}

/** The definition an XRD object holds; undefined for any other object or one without group and kind. */
export function readCrossplaneDefinition(
  doc: YamlDocument,
  node: unknown,
): CrossplaneDefinition | undefined {
  if (!isApiExtension(doc, node, 'CompositeResourceDefinition')) {
    return undefined;
  }
  const spec = doc.get(node, 'spec');
  const group = doc.getString(spec, 'group')?.trim();
  const kind = doc.getString(doc.get(spec, 'names'), 'kind')?.trim();
  if (!group || !kind) {
    return undefined;
  }
  const claimKind = doc.getString(doc.get(spec, 'claimNames'), 'kind')?.trim();
  const versions = doc.seq(doc.get(spec, 'versions')).flatMap(version => {
    const name = doc.getString(version, 'name')?.trim();
    if (!name) {
      return [];
    }
    const warning = doc.getString(version, 'deprecationWarning')?.trim();
    return [
      {
        name,
        served: flag(doc, version, 'served'),
        referenceable: flag(doc, version, 'referenceable'),
        deprecated: flag(doc, version, 'deprecated'),
        ...(warning && { deprecationWarning: warning }),
      },
    ];
  });
  return { group, kind, ...(claimKind && { claimKind }), versions };
}

/** The name of a Composition whose composite type is `group`/`kind`; undefined otherwise. */
export function compositionOf(
  doc: YamlDocument,
  node: unknown,
  group: string,
  kind: string,
): string | undefined {
  if (!isApiExtension(doc, node, 'Composition')) {
    return undefined;
  }
  const ref = doc.get(doc.get(node, 'spec'), 'compositeTypeRef');
  const refVersion = doc.getString(ref, 'apiVersion')?.trim() ?? '';
  if (
    apiGroup(refVersion) !== group ||
    doc.getString(ref, 'kind')?.trim() !== kind
  ) {
    return undefined;
  }
  return doc.getString(doc.get(node, 'metadata'), 'name')?.trim() || undefined;
}
