import type { Reference } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import type { PassNote, TreePass } from '../../scanner/treePasses/treePass';
import {
  CrossplaneDefinition,
  readCrossplaneDefinition,
} from './crossplaneDefinitions';
import { YamlLimits, streamYaml } from './yamlDocuments';

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

/** `apiVersion` as a key, and the first word of its value, which may be on the next line. */
const API_VERSION = /apiVersion['"]?[ \t]*:\s*(\S*)/g;

/** A value written as a plain or quoted scalar, as the first word of it. */
const PLAIN_VALUE = /^['"]?([^\s'"{}[\],]*)/;

/** A value that only the parser can read: an anchor, alias, tag, block scalar or comment. */
const PARSER_ONLY = /^['"]?[&*!|>#{[]/;

/**
 * Whether a YAML text may name a type an XRD defines: only objects whose API group has a dot are
 * read as claims or composite resources, so a file is read again for the tree's XRDs only when
 * one of its `apiVersion`s may have such a group. A value written in a form this test does not
 * read counts as one that may.
 */
export function mayNameDefinedType(content: string): boolean {
  for (const [, value] of content.matchAll(API_VERSION)) {
    if (PARSER_ONLY.test(value)) {
      return true;
    }
    const apiVersion = PLAIN_VALUE.exec(value)![1];
    if (apiVersion.slice(0, apiVersion.lastIndexOf('/')).includes('.')) {
      return true;
    }
  }
  return false;
}

/** The composite and claim types the XRDs among the files define, each once with its files. */
function definedTypes(
  files: readonly string[],
  read: (file: string) => string | undefined,
  noted: (file: string) => PassNote | undefined,
  limits: YamlLimits,
): Map<string, DefinedType & { files: Set<string> }> {
  const found = new Map<string, DefinedType & { files: Set<string> }>();
  const add = (file: string, group: string, kind: string) => {
    const key = `${group}/${kind}`;
    const type = found.get(key) ?? { group, kind, files: new Set() };
    type.files.add(file);
    found.set(key, type);
  };
  for (const file of files) {
    // The types the file's XRDs define, as its extraction found them ("group/kind").
    const types = noted(file);
    if (types) {
      for (const type of types) {
        const slash = type.indexOf('/');
        add(file, type.slice(0, slash), type.slice(slash + 1));
      }
      continue;
    }
    const content = read(file);
    if (content === undefined || !mayDefineXrd(content)) {
      continue;
    }
    // Read a document at a time: an XRD may share its file with thousands of claims.
    const stream = streamYaml({ path: file, content }, limits);
    const definitions: CrossplaneDefinition[] = [];
    for (const doc of stream.documents) {
      const definition = readCrossplaneDefinition(doc, doc.root);
      if (definition) {
        definitions.push(definition);
      }
    }
    for (const definition of stream.refused ? [] : definitions) {
      add(file, definition.group, definition.kind);
      if (definition.claimKind) {
        add(file, definition.group, definition.claimKind);
      }
    }
  }
  return found;
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
  /**
   * The types ("group/kind") the XRDs of a file define, if its extraction has just found them;
   * undefined when it has not (the pass then reads the file again).
   */
  definedIn?(path: string, content: string): PassNote | undefined;
  withDefinitions(definitions: DefinedType[]): ReferenceExtractor;
}): TreePass {
  const pass: TreePass = tree => {
    // The files marks accepted: only those can define a type or name one.
    const types = [
      ...definedTypes(
        tree.marked,
        file => tree.read(file),
        file => tree.note(file),
        options.limits,
      ).values(),
    ];
    if (types.length === 0) {
      return { references: [], problems: [] };
    }
    const extractor = options.withDefinitions(
      types.map(({ group, kind }) => ({ group, kind })),
    );
    const references: Reference[] = [];
    for (const file of tree.marked) {
      const content = tree.read(file);
      const named = content
        ? types.filter(({ group }) => content.includes(group))
        : [];
      // A file whose XRDs define every type it may name was read with those types on its own:
      // read again, it would give the same claims (a large one is read once less).
      if (!content || named.every(type => type.files.has(file))) {
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
  pass.marks = (file, content) => {
    if (!options.matches(file)) {
      return false;
    }
    if (mayDefineXrd(content)) {
      return options.definedIn?.(file, content) ?? true;
    }
    // A file that defines no type: noted as such, the pass need not read it to find out.
    return mayNameDefinedType(content) && [];
  };
  return pass;
}
