import type { Reference } from '@platform-portal/plugin-platform-common';
import type { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import type { PassNote, TreePass } from '../../scanner/treePasses/treePass';
import {
  CrossplaneDefinition,
  apiGroup,
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
 * The API groups with a dot that a YAML text's `apiVersion`s name, each once: only objects whose
 * group has a dot are read as claims or composite resources, so a file is read again for the
 * tree's XRDs only when one of these is a group they define. Undefined when a value is written in
 * a form this test does not read (an anchor, alias, tag, block scalar or escape): then any group
 * may be named.
 */
export function dottedGroupsNamed(content: string): string[] | undefined {
  const groups = new Set<string>();
  for (const [, value] of content.matchAll(API_VERSION)) {
    if (PARSER_ONLY.test(value) || value.includes('\\')) {
      return undefined;
    }
    const group = apiGroup(PLAIN_VALUE.exec(value)![1]);
    if (group.includes('.')) {
      groups.add(group);
    }
  }
  return [...groups];
}

/** In a note, for the groups of a file whose `apiVersion`s only the parser can read: any. */
const ANY_GROUP = '*';

/**
 * The note of a file that defines no type: the groups it names, each as `group/`, which no
 * defined type's `group/kind` can be. It is never empty: a file that names none is not marked.
 */
function namedGroupsNote(groups: string[]): PassNote {
  return groups.map(group => `${group}/`);
}

/** The groups a note of {@link namedGroupsNote} holds; undefined for a note of defined types. */
function groupsOfNote(note: PassNote): string[] | undefined {
  return note.length > 0 && note.every(entry => entry.endsWith('/'))
    ? note.map(entry => entry.slice(0, -1))
    : undefined;
}

/**
 * What the extraction of a file found when it parsed the file, as the pass needs it: the types
 * ("group/kind") its XRDs define, and the types of its objects that were judged no claim for want
 * of an XRD defining them. Only those objects can read differently with the tree's XRDs known.
 */
export interface ParsedFileTypes {
  defined: string[];
  undefinedOfObjects: string[];
}

/**
 * Ends the defined types in a note of {@link typesNote}: no type ("group/kind") and no group of a
 * note of {@link namedGroupsNote} ("group/") is empty, so neither can be taken for the other.
 */
const TYPES_NOTE_SEPARATOR = '';

function typesNote(types: ParsedFileTypes): PassNote {
  return [...types.defined, TYPES_NOTE_SEPARATOR, ...types.undefinedOfObjects];
}

/** The types a note of {@link typesNote} holds; undefined for any other note. */
function typesOfNote(note: PassNote): ParsedFileTypes | undefined {
  const separator = note.indexOf(TYPES_NOTE_SEPARATOR);
  return separator < 0
    ? undefined
    : {
        defined: note.slice(0, separator),
        undefinedOfObjects: note.slice(separator + 1),
      };
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
    const note = noted(file);
    if (note) {
      // A note of the groups a file names says that it defines none.
      for (const type of typesOfNote(note)?.defined ?? []) {
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
   * The types of a file, if its extraction has just parsed it; undefined when it has not (the
   * pass then judges the file from its text, and may read it again).
   */
  typesParsed?(path: string, content: string): ParsedFileTypes | undefined;
  withDefinitions(definitions: DefinedType[]): ReferenceExtractor;
}): TreePass {
  const pass: TreePass = tree => {
    // The files marks accepted: only those can define a type or name one.
    const typesByName = definedTypes(
      tree.marked,
      file => tree.read(file),
      file => tree.note(file),
      options.limits,
    );
    const types = [...typesByName.values()];
    if (types.length === 0) {
      return { references: [], problems: [] };
    }
    const extractor = options.withDefinitions(
      types.map(({ group, kind }) => ({ group, kind })),
    );
    const groupsDefined = new Set(types.map(({ group }) => group));
    const references: Reference[] = [];
    for (const file of tree.marked) {
      // A file that defines no type and names none of these groups is not read again: in a tree
      // of many repositories, most files that name a group with a dot name other groups.
      const note = tree.note(file) ?? [];
      const named = groupsOfNote(note);
      if (
        named &&
        !named.includes(ANY_GROUP) &&
        !named.some(group => groupsDefined.has(group))
      ) {
        continue;
      }
      // A file its extraction parsed is read again only for an object of a type that only another
      // file's XRD defines: most such files hold XRDs of a group other XRDs share, Compositions
      // of the tree's types, or claims already known by the fields they set.
      const undefinedOfObjects = typesOfNote(note)?.undefinedOfObjects;
      if (
        undefinedOfObjects?.every(
          type =>
            !typesByName.get(type) || typesByName.get(type)!.files.has(file),
        )
      ) {
        continue;
      }
      const content = tree.read(file);
      const mayName = content
        ? types.filter(({ group }) => content.includes(group))
        : [];
      // A file whose XRDs define every type it may name was read with those types on its own:
      // read again, it would give the same claims (a large one is read once less).
      if (!content || mayName.every(type => type.files.has(file))) {
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
    // Where the extraction parsed the file, what it found is exact: a file that defines no type
    // and holds no object of an undefined type is all the pass would make of it already.
    const types = options.typesParsed?.(file, content);
    if (types) {
      return (
        (types.defined.length > 0 || types.undefinedOfObjects.length > 0) &&
        typesNote(types)
      );
    }
    if (mayDefineXrd(content)) {
      return true;
    }
    // A file that defines no type: noted with the groups it names, so that the pass need not
    // read it to find out either.
    const groups = dottedGroupsNamed(content) ?? [ANY_GROUP];
    return groups.length > 0 && namedGroupsNote(groups);
  };
  return pass;
}
