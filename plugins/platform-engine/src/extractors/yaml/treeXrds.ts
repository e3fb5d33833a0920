import type { Reference } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import type { TreePass } from '../../scanner/treePasses/treePass';
import { readCrossplaneDefinition } from './crossplaneDefinitions';
import { YamlLimits, parseYaml } from './yamlDocuments';

/** A type an XRD defines: its group and composite or claim kind. */
export interface DefinedType {
  group: string;
  kind: string;
}

const CLAIM_KINDS: ReadonlySet<Reference['kind']> = new Set([
  'crossplane-composite-type',
  'crossplane-composition-ref',
]);

/**
 * Whether a YAML text may define an XRD: a cheap test that lets every other file go without a
 * second read or being held whole.
 */
export function mayDefineXrd(content: string): boolean {
  return content.includes('CompositeResourceDefinition');
}

/** The composite and claim types the XRDs among the files define, each once. */
function definedTypes(
  files: readonly string[],
  read: (file: string) => string | undefined,
  limits: YamlLimits,
): DefinedType[] {
  const found = new Map<string, DefinedType>();
  const add = (group: string, kind: string) =>
    found.set(`${group}/${kind}`, { group, kind });
  for (const file of files) {
    const content = read(file);
    if (content === undefined || !mayDefineXrd(content)) {
      continue;
    }
    for (const doc of parseYaml({ path: file, content }, limits).documents) {
      const definition = readCrossplaneDefinition(doc, doc.root);
      if (definition) {
        add(definition.group, definition.kind);
        if (definition.claimKind) {
          add(definition.group, definition.claimKind);
        }
      }
    }
  }
  return [...found.values()];
}

/**
 * The tree pass of the Crossplane extractor: claims and composite resources whose type an XRD
 * elsewhere in the tree defines. Per file, such an object that selects no Composition looks like
 * any other Kubernetes object; with the tree's XRDs known, each file that names one of their
 * groups is read again as if those XRDs were the platform's.
 */
export function crossplaneTreePass(options: {
  matches(path: string): boolean;
  limits: YamlLimits;
  withDefinitions(definitions: DefinedType[]): ReferenceExtractor;
}): TreePass {
  const pass: TreePass = tree => {
    // The files marks accepted: only those can define a type.
    const definitions = definedTypes(
      tree.marked,
      file => tree.read(file),
      options.limits,
    );
    if (definitions.length === 0) {
      return { references: [], problems: [] };
    }
    const files = tree.files.filter(file => options.matches(file));
    const extractor = options.withDefinitions(definitions);
    const groups = [...new Set(definitions.map(({ group }) => group))];
    const references: Reference[] = [];
    for (const file of files) {
      const content = tree.read(file);
      if (!content || !groups.some(group => content.includes(group))) {
        continue;
      }
      // Problems of the file were reported when it was extracted on its own.
      for (const reference of extractor.extract({ path: file, content })
        .references) {
        if (CLAIM_KINDS.has(reference.kind)) {
          references.push(reference);
        }
      }
    }
    return { references, problems: [] };
  };
  pass.marks = (file, content) =>
    options.matches(file) && mayDefineXrd(content);
  return pass;
}
