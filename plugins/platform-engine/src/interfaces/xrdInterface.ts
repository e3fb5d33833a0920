import type {
  ModuleRelease,
  XrdInterface,
  XrdVersion,
} from '@platform-portal/plugin-platform-common';
import { InterfaceReadError, ModuleFile } from './interfaceError';
import {
  moduleFile,
  plainValue,
  readYamlModuleFile,
  scalarValue,
} from './readYamlModuleFile';
import { schemaProperties } from './schemaProperties';

/**
 * Reads a Crossplane CompositeResourceDefinition: its group, composite and claim kinds, and
 * each version with the properties of its spec.
 *
 * @public
 */
export function extractXrdInterface(
  files: ModuleFile[],
  path: string,
  release: ModuleRelease,
): XrdInterface {
  const file = moduleFile(files, path, release);
  const doc = readYamlModuleFile(file, release);
  const root = doc.root;
  if (
    doc.getString(root, 'kind') !== 'CompositeResourceDefinition' ||
    !doc
      .getString(root, 'apiVersion')
      ?.startsWith('apiextensions.crossplane.io/')
  ) {
    throw new InterfaceReadError(
      release,
      file.path,
      'not a Crossplane CompositeResourceDefinition',
    );
  }
  const spec = doc.get(root, 'spec');
  const flag = (node: unknown, key: string, otherwise: boolean) => {
    const value = scalarValue(doc, doc.get(node, key));
    return typeof value === 'boolean' ? value : otherwise;
  };
  const versions: XrdVersion[] = doc
    .seq(doc.get(spec, 'versions'))
    .map(version => {
      const schema = plainValue(
        doc,
        doc.get(doc.get(version, 'schema'), 'openAPIV3Schema'),
      ) as { properties?: { spec?: unknown } } | undefined;
      return {
        name: doc.getString(version, 'name') ?? '',
        served: flag(version, 'served', false),
        referenceable: flag(version, 'referenceable', false),
        deprecated: flag(version, 'deprecated', false),
        properties: schemaProperties(schema?.properties?.spec),
      };
    });
  const claimKind = doc.getString(doc.get(spec, 'claimNames'), 'kind');
  return {
    kind: 'xrd',
    group: doc.getString(spec, 'group') ?? '',
    compositeKind: doc.getString(doc.get(spec, 'names'), 'kind') ?? '',
    ...(claimKind ? { claimKind } : {}),
    versions,
  };
}
