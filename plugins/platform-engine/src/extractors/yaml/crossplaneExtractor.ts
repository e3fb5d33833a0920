import {
  CallArgument,
  CompositionRevisionSelection,
  ModuleCall,
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { guardExtractor } from '../guardExtractor';
import {
  ExtractorFile,
  ExtractResult,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';
import {
  YamlDocument,
  YamlLimits,
  dedupeReferences,
  streamYaml,
} from './yamlDocuments';
import {
  apiGroup,
  apiVersionName,
  readCrossplaneDefinition,
} from './crossplaneDefinitions';
import { escapeRegExp } from './documentShapes';
import { crossplaneTreePass, mayDefineXrd, ParsedFileTypes } from './treeXrds';
import { withTreePass } from '../../scanner/treePasses/treePass';

/**
 * Options of {@link createCrossplaneExtractor}.
 *
 * @public
 */
export interface CrossplaneExtractorOptions extends YamlLimits {
  /**
   * Registry of package references that name none; `xpkg.crossplane.io` (the Crossplane 1.20
   * default) unless set. Crossplane v2 requires fully qualified packages.
   */
  defaultRegistry?: string;
  /**
   * Types of claims and composite resources known before a file is read, e.g. from the
   * platform's XRDs: each its `group` and composite or claim `kind`. Objects of these types are
   * read as claims even when they set no field only Crossplane gives them.
   */
  definitions?: Array<{ group: string; kind: string }>;
}

const YAML_PATH = /\.ya?ml$/i;
const NOT_CROSSPLANE_PATH =
  /(^|\/)(\.github\/workflows\/[^/]+|action|Chart|requirements)\.ya?ml$/;
const PACKAGE_KINDS = new Set(['Configuration', 'Provider', 'Function']);
// Crossplane's own API groups: their objects are packages and definitions, never claims.
const CROSSPLANE_GROUPS = new Set([
  'pkg.crossplane.io',
  'meta.pkg.crossplane.io',
  'apiextensions.crossplane.io',
  'ops.crossplane.io',
  'protection.crossplane.io',
]);
// Fields Crossplane adds to every claim and composite resource spec (v2 puts them under
// `crossplane`); the XRD's schema does not declare them, so they are not the call's arguments.
const RESERVED_SPEC_FIELDS = new Set([
  'compositionRef',
  'compositionSelector',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionUpdatePolicy',
  'compositeDeletePolicy',
  'resourceRef',
  'resourceRefs',
  'claimRef',
  'environmentConfigRefs',
  'writeConnectionSecretToRef',
  'publishConnectionDetailsTo',
  'crossplane',
]);
// Beyond this many values (aliases can multiply them) the claim is not checked at all: a call
// cut short would seem to lack what it sets.
const MAX_CLAIM_VALUES = 2000;
const DEPENDENCY_KEYS = ['provider', 'configuration', 'function', 'package'];
const PIN_LABEL = /(^|\/)(channel|revision|release)$/;
// An object whose spec sets one of Crossplane's own fields (v2 nests them under `crossplane`) is
// read as a claim or composite resource even when no XRD at hand defines it.
const CLAIM_EVIDENCE = new Set(
  [...RESERVED_SPEC_FIELDS].filter(field => field !== 'crossplane'),
);
// A managed resource of a provider has `writeConnectionSecretToRef` too, but always `forProvider`.
const MANAGED_RESOURCE_FIELD = 'forProvider';
// Words one of which a file with a claim holds; the others are not parsed.
const CANDIDATE_WORDS = [
  'crossplane.io',
  'composition',
  'compositeDeletePolicy',
  'writeConnectionSecretToRef',
  'resourceRef',
];
// Crossplane names a CompositionRevision `<composition>-<7 hex digits>`.
const REVISION_SUFFIX = /-[0-9a-f]{7}$/;
const OCI_REPOSITORY =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * The parts of a Crossplane package (OCI) reference.
 *
 * @public
 */
export interface CrossplanePackageReference {
  /** Lower-cased registry host, with port when given. */
  registry: string;
  repository: string;
  tag?: string;
  /** `sha256:…` digest. */
  digest?: string;
}

/**
 * Splits an OCI reference `registry/org/name:tag@sha256:…` the way container tools do.
 *
 * @public
 */
export function parsePackageReference(
  raw: string,
  defaultRegistry: string,
): CrossplanePackageReference | undefined {
  let rest = raw.trim();
  if (rest === '' || /\s/.test(rest)) {
    return undefined;
  }
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = defaultRegistry;
  if (
    parts.length > 1 &&
    (parts[0].includes('.') ||
      parts[0].includes(':') ||
      parts[0] === 'localhost')
  ) {
    registry = parts.shift()!.toLowerCase();
  }
  const repository = parts.join('/');
  if (!OCI_REPOSITORY.test(repository) || tag === '' || digest === '') {
    return undefined;
  }
  return { registry, repository, tag, digest };
}

/**
 * What a claim sets: the dotted path of every value below `spec` (a list or an empty object is
 * one value, without a literal), and the XRD version its apiVersion names.
 */
function claimCall(
  doc: YamlDocument,
  spec: unknown,
  apiVersion: string,
): ModuleCall | undefined {
  const found: CallArgument[] = [];
  const walk = (node: unknown, prefix: string): boolean => {
    for (const [key, value] of doc.entries(node)) {
      if (!prefix && RESERVED_SPEC_FIELDS.has(key)) {
        continue;
      }
      const name = `${prefix}${key}`;
      if (doc.map(value) && doc.entries(value).length > 0) {
        if (!walk(value, `${name}.`)) {
          return false;
        }
        continue;
      }
      const literal = doc.scalar(value);
      found.push(literal === undefined ? { name } : { name, value: literal });
      if (found.length > MAX_CLAIM_VALUES) {
        return false;
      }
    }
    return true;
  };
  if (!walk(spec, '')) {
    return undefined;
  }
  return {
    arguments: found,
    schemaVersion: apiVersionName(apiVersion),
  };
}

/**
 * Creates the extractor for Crossplane package installs, package dependencies
 * (`crossplane.yaml`), claims and composite resources (v1 and v2 layouts) and Compositions.
 * A claim or composite resource gives the type its API version names (judged against the XRD)
 * and, when it selects a Composition, what it selects (judged like a version pin). It is known
 * as one when an XRD of the same file, of `definitions` or (when the whole tree is scanned)
 * of another file of the tree defines its type, or when its spec sets a field only Crossplane
 * gives one.
 *
 * @public
 */
export function createCrossplaneExtractor(
  options: CrossplaneExtractorOptions = {},
): ReferenceExtractor {
  const defaultRegistry = (
    options.defaultRegistry ?? 'xpkg.crossplane.io'
  ).toLowerCase();
  const knownTypes = new Set(
    (options.definitions ?? []).map(({ group, kind }) => `${group}/${kind}`),
  );
  // One pass over the text for all the words: a search per word read each of the thousands of
  // ordinary YAML files of a tree (Helm charts, workflows) five times and more, to its end.
  const candidateWords = new RegExp(
    [
      ...CANDIDATE_WORDS,
      ...new Set((options.definitions ?? []).map(({ group }) => group)),
    ]
      .map(escapeRegExp)
      .join('|'),
  );

  // The types of the file extracted last, for the tree pass's marks of that file, which are
  // asked right after: the pass need not parse it again.
  let parsedLast:
    | { path: string; content: string; types: ParsedFileTypes }
    | undefined;

  function extract(file: ExtractorFile): ExtractResult {
    const { content } = file;
    parsedLast = undefined;
    // Thousands of ordinary YAML files pass through here; only parse likely candidates.
    if (!candidateWords.test(content)) {
      return { references: [], problems: [] };
    }
    // The file is read a document at a time, so that a large one is never held whole.
    const parsed = streamYaml(file, options);
    // A template (a Helm chart's, say) is not what reaches the cluster: its values are not known.
    const templated = content.includes('{{');
    // What the documents give; `read` gives each document of a file with an XRD its own.
    let references: Reference[] = [];
    let problems: ScanProblem[] = [];

    const at = (doc: YamlDocument, node: unknown) => ({
      file: file.path,
      ...doc.position(node),
    });

    // The types the file's own XRDs define, wherever in the file they stand: a document read
    // before the last XRD of the file may hold a claim of a type defined further on.
    const definedHere = new Set(knownTypes);
    const lastXrdAt = mayDefineXrd(content)
      ? content.lastIndexOf('CompositeResourceDefinition')
      : -1;
    // Whether an object of the document being read was judged no claim for want of a type.
    let typeUnknown = false;
    // The types of every object so judged, in any reading of the file ("group/kind").
    const undefinedOfObjects = new Set<string>();

    const isClaim = (
      doc: YamlDocument,
      spec: unknown,
      group: string,
      kind: string,
    ) => {
      if (definedHere.has(`${group}/${kind}`)) {
        return true;
      }
      const fields = doc.entries(spec).map(([key]) => key);
      // v2 nests them under `crossplane`, a key other objects use for a Crossplane version.
      const evidence =
        !fields.includes(MANAGED_RESOURCE_FIELD) &&
        [
          ...fields,
          ...doc.entries(doc.get(spec, 'crossplane')).map(([key]) => key),
        ].some(key => CLAIM_EVIDENCE.has(key));
      if (!evidence) {
        typeUnknown = true;
        undefinedOfObjects.add(`${group}/${kind}`);
      }
      return evidence;
    };

    /** The claim's or composite resource's type at its API version: what the XRD must serve. */
    const claimType = (
      doc: YamlDocument,
      node: unknown,
      apiVersion: string,
      kind: string,
    ) => {
      const group = apiGroup(apiVersion);
      const name = `${group}/${kind}`;
      references.push({
        kind: 'crossplane-composite-type',
        position: at(doc, doc.get(node, 'apiVersion')),
        source: `${apiVersion}, Kind=${kind}`,
        target: { type: 'crossplane', name },
        name,
        pin: 'ref',
        ref: apiVersionName(apiVersion),
      });
    };

    const packageReference = (
      doc: YamlDocument,
      packageNode: unknown,
      version: { node: unknown; value: string } | undefined,
    ) => {
      const raw = doc.string(packageNode)?.trim();
      if (!raw) {
        return;
      }
      const pkg = parsePackageReference(raw, defaultRegistry);
      if (!pkg) {
        problems.push({
          ...at(doc, packageNode),
          message: `"${raw}" is not a valid Crossplane package reference`,
        });
        return;
      }
      const reference: Reference = {
        kind: 'crossplane-package',
        position: at(doc, version ? version.node : packageNode),
        source: raw,
        target: {
          type: 'oci',
          registry: pkg.registry,
          repository: pkg.repository,
        },
        name: `${pkg.registry}/${pkg.repository}`,
        pin: 'none',
      };
      if (version) {
        reference.pin = version.value.startsWith('sha256:')
          ? 'sha'
          : 'constraint';
        reference.ref = version.value;
      } else if (pkg.digest) {
        reference.pin = 'sha';
        reference.ref = pkg.digest;
        if (pkg.tag) {
          // `name:v1.2.0@sha256:…` pulls the digest; the tag says which version it is meant to be.
          reference.commentVersion = pkg.tag;
        }
      } else if (pkg.tag) {
        reference.pin = 'ref';
        reference.ref = pkg.tag;
      }
      references.push(reference);
    };

    const dependsOn = (doc: YamlDocument, spec: unknown) => {
      for (const dependency of doc.seq(doc.get(spec, 'dependsOn'))) {
        const key = DEPENDENCY_KEYS.find(k => doc.get(dependency, k));
        if (!key) {
          continue;
        }
        const versionNode = doc.get(dependency, 'version');
        const value = doc.string(versionNode)?.trim();
        packageReference(
          doc,
          doc.get(dependency, key),
          value ? { node: versionNode, value } : undefined,
        );
      }
    };

    const compositeTypeRef = (doc: YamlDocument, spec: unknown) => {
      const ref = doc.get(spec, 'compositeTypeRef');
      if (!ref) {
        return;
      }
      const apiVersionNode = doc.get(ref, 'apiVersion');
      const apiVersion = doc.string(apiVersionNode)?.trim();
      const kind = doc.getString(ref, 'kind')?.trim();
      if (!apiVersion || !kind) {
        problems.push({
          ...at(doc, ref),
          message: 'compositeTypeRef needs both apiVersion and kind',
        });
        return;
      }
      const group = apiGroup(apiVersion);
      const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
      const name = `${group}/${kind}`;
      references.push({
        kind: 'crossplane-composite-type',
        position: at(doc, apiVersionNode),
        source: `${apiVersion}, Kind=${kind}`,
        target: { type: 'crossplane', name },
        name,
        pin: 'ref',
        ref: version,
      });
    };

    const pinLabel = (doc: YamlDocument, selector: unknown) => {
      const labels = doc.entries(doc.get(selector, 'matchLabels'));
      const found = labels.find(([key]) => PIN_LABEL.test(key));
      const value = found ? doc.string(found[1]) : undefined;
      return found && value ? { node: found[1], value } : undefined;
    };

    /** The update policy, revision name and revision labels the spec (or v2's spec.crossplane) sets. */
    const revisionSelectionOf = (
      doc: YamlDocument,
      holder: unknown,
    ): CompositionRevisionSelection | undefined => {
      const selection: CompositionRevisionSelection = {};
      const policyNode = doc.get(holder, 'compositionUpdatePolicy');
      const policy = doc.string(policyNode)?.trim();
      if (policy) {
        selection.updatePolicy = {
          value: policy,
          position: at(doc, policyNode),
        };
      }
      const refNode = doc.get(
        doc.get(holder, 'compositionRevisionRef'),
        'name',
      );
      const ref = doc.string(refNode)?.trim();
      if (ref) {
        selection.revisionRef = { name: ref, position: at(doc, refNode) };
      }
      const selectorNode = doc.get(holder, 'compositionRevisionSelector');
      const labels = doc.entries(doc.get(selectorNode, 'matchLabels'));
      if (labels.length > 0) {
        selection.revisionSelector = {
          matchLabels: Object.fromEntries(
            labels.map(([key, value]) => [key, doc.string(value) ?? '']),
          ),
          position: at(doc, selectorNode),
        };
      }
      return Object.keys(selection).length > 0 ? selection : undefined;
    };

    /** A selector's labels as `key=value,…`. */
    const labelsText = (doc: YamlDocument, selector: unknown) =>
      doc
        .entries(doc.get(selector, 'matchLabels'))
        .map(([key, value]) => `${key}=${doc.string(value) ?? ''}`)
        .join(',');

    /** A claim that leaves the Composition to its XRD but selects its revision by a label. */
    const pinnedDefault = (
      doc: YamlDocument,
      holder: unknown,
      type: string,
      revisionSelector: unknown,
      pin: { node: unknown; value: string },
    ): Reference => {
      const source = `compositionRevisionSelector ${labelsText(
        doc,
        revisionSelector,
      )}`;
      const reference: Reference = {
        kind: 'crossplane-composition-ref',
        position: at(doc, pin.node),
        source,
        target: { type: 'crossplane', name: type },
        name: type,
        pin: 'ref',
        ref: pin.value,
      };
      const revisionSelection = revisionSelectionOf(doc, holder);
      if (revisionSelection) {
        reference.revisionSelection = revisionSelection;
      }
      references.push(reference);
      return reference;
    };

    const compositionRefs = (
      doc: YamlDocument,
      holder: unknown,
      type: string,
    ): Reference | undefined => {
      // Most claims have no v2 `spec.crossplane`: nothing below selects a Composition then.
      if (!doc.map(holder)) {
        return undefined;
      }
      const nameNode = doc.get(doc.get(holder, 'compositionRef'), 'name');
      const compositionName = doc.string(nameNode)?.trim();
      const revisionNode = doc.get(
        doc.get(holder, 'compositionRevisionRef'),
        'name',
      );
      const revisionName = doc.string(revisionNode)?.trim();
      const selector = doc.get(holder, 'compositionSelector');
      const selectorLabels = labelsText(doc, selector);
      const revisionSelector = doc.get(holder, 'compositionRevisionSelector');
      const revisionLabel = pinLabel(doc, revisionSelector);
      if (!compositionName && !revisionName && !selectorLabels) {
        // The XRD's default Composition, held to the release its label names.
        return revisionLabel
          ? pinnedDefault(doc, holder, type, revisionSelector, revisionLabel)
          : undefined;
      }

      let pin: { node: unknown; value: string } | undefined = revisionName
        ? { node: revisionNode, value: revisionName }
        : undefined;
      pin ??= revisionLabel ?? pinLabel(doc, selector);

      const targetName =
        compositionName ??
        (revisionName && REVISION_SUFFIX.test(revisionName)
          ? revisionName.replace(REVISION_SUFFIX, '')
          : undefined);
      const selectorText = `compositionSelector ${selectorLabels}`;
      const reference: Reference = {
        kind: 'crossplane-composition-ref',
        // Point at the pin when there is one: that is the line a version bump edits.
        position: at(doc, pin?.node ?? nameNode ?? revisionNode ?? selector),
        source: compositionName ?? revisionName ?? selectorText,
        name: targetName ?? selectorText,
        pin: pin ? 'ref' : 'none',
      };
      if (targetName) {
        reference.target = { type: 'crossplane', name: targetName };
      } else {
        reference.unresolved = {
          expression: selectorLabels ? selectorText : revisionName!,
          reason: selectorLabels
            ? 'the Composition is chosen by label selector when the resource is reconciled'
            : 'the Composition of this revision name cannot be told from the name',
        };
      }
      if (pin) {
        reference.ref = pin.value;
      }
      const revisionSelection = revisionSelectionOf(doc, holder);
      if (revisionSelection) {
        reference.revisionSelection = revisionSelection;
      }
      references.push(reference);
      return reference;
    };

    const object = (doc: YamlDocument, node: unknown, nested: boolean) => {
      const apiVersion = doc.getString(node, 'apiVersion')?.trim();
      const kind = doc.getString(node, 'kind')?.trim();
      if (!apiVersion || !kind) {
        return;
      }
      if (kind.endsWith('List') && !nested) {
        for (const item of doc.seq(doc.get(node, 'items'))) {
          object(doc, item, true);
        }
        return;
      }
      const group = apiGroup(apiVersion);
      const spec = doc.get(node, 'spec');
      if (group === 'pkg.crossplane.io' && PACKAGE_KINDS.has(kind)) {
        packageReference(doc, doc.get(spec, 'package'), undefined);
      } else if (group === 'meta.pkg.crossplane.io') {
        dependsOn(doc, spec);
      } else if (
        group === 'apiextensions.crossplane.io' &&
        kind === 'Composition'
      ) {
        compositeTypeRef(doc, spec);
      } else if (
        !CROSSPLANE_GROUPS.has(group) &&
        group.includes('.') &&
        !`${apiVersion}${kind}`.includes('{{') &&
        isClaim(doc, spec, group, kind)
      ) {
        claimType(doc, node, apiVersion, kind);
        const found = [
          compositionRefs(doc, spec, `${group}/${kind}`),
          compositionRefs(doc, doc.get(spec, 'crossplane'), `${group}/${kind}`),
        ].filter((r): r is Reference => r !== undefined);
        const call =
          found.length > 0 && !templated && claimCall(doc, spec, apiVersion);
        for (const reference of found) {
          if (call) {
            reference.call = call;
          }
        }
      }
    };

    /** What the objects of a document give, judged by the types defined so far. */
    const read = (doc: YamlDocument) => {
      references = [];
      problems = [];
      typeUnknown = false;
      object(doc, doc.root, false);
      return { references, problems, typeUnknown };
    };

    // Without an XRD in the file every document is judged as it is read. With one, each
    // document's findings are kept in file order, and a document that an XRD further on may
    // turn into a claim is held until the file has been read, then read again.
    const found: Array<YamlDocument | ReturnType<typeof read>> = [];
    const typesDefined: string[] = [];
    for (const doc of parsed.documents) {
      if (lastXrdAt < 0) {
        object(doc, doc.root, false);
        continue;
      }
      const definition = readCrossplaneDefinition(doc, doc.root);
      if (definition) {
        const kinds = definition.claimKind
          ? [definition.kind, definition.claimKind]
          : [definition.kind];
        for (const kind of kinds) {
          const type = `${definition.group}/${kind}`;
          typesDefined.push(type);
          definedHere.add(type);
        }
      }
      const findings = read(doc);
      found.push(findings.typeUnknown && lastXrdAt >= doc.end ? doc : findings);
    }
    // Nothing of a refused file counts, its XRDs included.
    parsedLast = {
      path: file.path,
      content,
      types: parsed.refused
        ? { defined: [], undefinedOfObjects: [] }
        : {
            defined: typesDefined,
            undefinedOfObjects: [...undefinedOfObjects],
          },
    };
    if (parsed.refused) {
      return { references: [], problems: parsed.problems };
    }
    if (lastXrdAt >= 0) {
      const all = found.map(part =>
        part instanceof YamlDocument ? read(part) : part,
      );
      references = all.flatMap(part => part.references);
      problems = all.flatMap(part => part.problems);
    }
    return {
      references: dedupeReferences(references, content),
      problems: [...parsed.problems, ...problems],
    };
  }

  const matches = (path: string) =>
    YAML_PATH.test(path) && !NOT_CROSSPLANE_PATH.test(path);
  return withTreePass(
    guardExtractor({ id: 'crossplane', label: 'Crossplane', matches, extract }),
    crossplaneTreePass({
      matches,
      limits: options,
      typesParsed: (path, content) =>
        parsedLast?.path === path && parsedLast.content === content
          ? parsedLast.types
          : undefined,
      withDefinitions: definitions =>
        createCrossplaneExtractor({
          ...options,
          definitions: [...(options.definitions ?? []), ...definitions],
        }),
    }),
  );
}

/**
 * The Crossplane extractor with default options.
 *
 * @public
 */
export const crossplaneExtractor = createCrossplaneExtractor();
