/*
 * `platform.yaml`, the platform manifest, has this shape:
 *
 *   apiVersion: platform-portal.io/v1alpha1     # required, exactly this
 *   kind: Platform                              # required, exactly this
 *   metadata:
 *     name: acme-platform                       # required; other metadata keys are ignored
 *   spec:
 *     repository: https://github.com/acme/platform.git   # required, any git URL form
 *     modules:                                  # required, may be empty
 *       - name: vpc                             # required, unique, no whitespace or braces
 *         kind: terraform-module                # terraform-module | crossplane-composition |
 *                                               # github-workflow | helm-chart | policy
 *         path: modules/vpc                     # required, unique, relative to the repository root
 *                                               # (`.` for the root itself);
 *                                               # github-workflow: .github/workflows/<file>.yml
 *         tagPattern: vpc/v{version}            # optional, default {name}/v{version}; {name} is
 *                                               # replaced by the module name
 *         description: Standard VPC             # optional
 *         support:
 *           majors: 2                           # optional: how many newest majors are supported
 *         deprecations:                         # optional
 *           - versions: '< 2.0.0'               # optional npm-style semver range (no commas);
 *                                               # all versions when absent
 *             since: '2026-06-01'               # optional ISO date
 *             message: Move to 2.x.             # required
 *         inputs:                               # optional: inputs the platform feeds
 *           subnet_ids:                         # an input (variable) of this module
 *             from: vpc.private_subnet_ids      # <module>.<output> of another module, or
 *                                               # project.name / project.environment
 *         upgrading:                            # optional: upgrade notes per major version
 *           2: modules/vpc/UPGRADING.md         # a file relative to the repository root
 *         xrd:                                  # crossplane-composition only, optional: the XRD
 *           group: platform.acme.io             # its claims and composite resources are judged
 *           kind: XPostgreSQLInstance           # against (spec.group, spec.names.kind)
 *         required:                             # optional: every service must use the module;
 *           versions: '>= 3.0.0'                # optional range, as deprecations write it (any
 *                                               # release when absent); `required: true` too
 *         channels:                             # optional: where the module is published, written
 *           terraform-registry: registry.acme.example/acme/eks/aws  # as the service annotation
 *           helm: https://charts.acme.example#eks                   # platform-portal.io/release-
 *           oci: oci://ghcr.io/acme/charts/eks                      # <kind> is; a list for several
 *
 * A module with an error is reported and left out; the others are kept. Unknown fields are
 * reported (they are mostly typos of optional fields) but do not drop what holds them; so are a bad
 * input wiring, a bad upgrade-notes entry, a bad or repeated xrd and a bad or repeated channel,
 * which are left out while their module is kept. Errors in
 * the top level (apiVersion, kind, metadata.name, spec.repository, spec.modules) leave no manifest.
 */

import {
  PlatformDeprecation,
  PlatformInputWiring,
  PlatformManifest,
  PlatformModule,
  PlatformModuleChannel,
  PlatformModuleChannelKind,
  PlatformModuleKind,
  PlatformUpgradeNotes,
  PlatformXrdLink,
  ScanProblem,
  isValidTagPattern,
  normalizeGitRepository,
} from '@platform-portal/plugin-platform-common';
import { validRange } from 'semver';
import {
  CST,
  Composer,
  Document,
  Node,
  YAMLParseError,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
} from 'yaml';
import { MAX_NESTING_DEPTH } from '../extractors/nestingLimit';
import { parseYamlCst } from '../extractors/yaml/parseYamlCst';
import { LinePositions } from '../extractors/yaml/yamlDocuments';
import { readRequirement } from './readRequirement';
import {
  MODULE_CHANNEL_KINDS,
  channelKey,
  parseChannelTarget,
} from '../resolution/channelTargets';

/**
 * What {@link parsePlatformManifest} found: the manifest when its top level is valid, and every problem.
 *
 * @public
 */
export interface PlatformManifestParseResult {
  manifest?: PlatformManifest;
  problems: ScanProblem[];
}

const API_VERSION = 'platform-portal.io/v1alpha1';
const KIND = 'Platform';
const MODULE_KINDS: readonly PlatformModuleKind[] = [
  'terraform-module',
  'crossplane-composition',
  'github-workflow',
  'helm-chart',
  'policy',
];
// Anchors are fine in a manifest (shared deprecations); only an exponential expansion is refused.
const MAX_ALIAS_COUNT = 100;
// How problems about the document itself name their place.
const ROOT = '(document)';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$/;
// A Terraform identifier: what a variable or an output may be called.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// A Kubernetes API group (a DNS subdomain with a dot) and kind, as an XRD names them.
const API_GROUP =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const API_KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
// What the project offers to wire; written as locals of the generated environment.
const PROJECT_VALUES = ['name', 'environment'];

/** The fields of one mapping, and the mapping itself for problems about fields it lacks. */
interface Fields {
  owner: Node;
  entries: Map<string, { key: Node; value?: Node }>;
}

function isNull(node: Node | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}

class ManifestReader {
  readonly problems: ScanProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LinePositions,
  ) {}

  line(node: Node): number {
    return this.lines.at(node.range?.[0] ?? 0).line;
  }

  report(node: Node | undefined, message: string, offset?: number) {
    const { line, column } = this.lines.at(offset ?? node?.range?.[0] ?? 0);
    this.problems.push({ file: this.file, line, column, message });
  }

  resolve(node: Node | undefined): Node | undefined {
    if (isAlias(node)) {
      return node.resolve(this.doc) ?? undefined;
    }
    return node;
  }

  /** The fields of a mapping, or undefined (reported) when the node is no mapping. */
  fields(
    node: Node | undefined,
    path: string,
    known?: readonly string[],
  ): Fields | undefined {
    const map = this.resolve(node);
    if (!isMap(map)) {
      this.report(node, `${path}: must be a mapping`);
      return undefined;
    }
    const entries = new Map<string, { key: Node; value?: Node }>();
    for (const pair of map.items) {
      const key = pair.key as Node;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(key, `${path}: keys must be strings`);
      } else if (known && !known.includes(key.value)) {
        const fieldPath = path === ROOT ? key.value : `${path}.${key.value}`;
        this.report(
          key,
          `${fieldPath}: unknown field; expected one of ${known.join(', ')}`,
        );
      } else {
        entries.set(key.value, {
          key,
          value: (pair.value as Node | null) ?? undefined,
        });
      }
    }
    return { owner: node ?? map, entries };
  }

  /** Where a problem about a field goes: its value, else its key, else the mapping that lacks it. */
  at(fields: Fields, name: string): Node {
    const field = fields.entries.get(name);
    return field?.value ?? field?.key ?? fields.owner;
  }

  /** The value of a field, aliases resolved; undefined when absent or null. */
  value(fields: Fields, name: string): Node | undefined {
    const value = this.resolve(fields.entries.get(name)?.value);
    return isNull(value) ? undefined : value;
  }

  /**
   * An optional field read by `read` from its node and path; `absent` when the field is missing
   * or null, so that a reader only sees a value that was written.
   */
  optional<T, A>(
    fields: Fields,
    name: string,
    path: string,
    absent: A,
    read: (reader: ManifestReader, node: Node | undefined, path: string) => T,
  ): T | A {
    return this.value(fields, name) === undefined
      ? absent
      : read(this, fields.entries.get(name)?.value, `${path}.${name}`);
  }

  /** An absent field: reported and null when it is required, else undefined. */
  private missing(
    fields: Fields,
    name: string,
    path: string,
    required: boolean,
  ): undefined | null {
    if (required) {
      this.report(this.at(fields, name), `${path}: is required`);
      return null;
    }
    return undefined;
  }

  /** A string field: its value, undefined when absent and optional, null when reported. */
  string(
    fields: Fields,
    name: string,
    path: string,
    required: boolean,
  ): string | undefined | null {
    const value = this.value(fields, name);
    if (value === undefined) {
      return this.missing(fields, name, path, required);
    }
    if (!isScalar(value) || typeof value.value !== 'string') {
      this.report(this.at(fields, name), `${path}: must be a string`);
      return null;
    }
    if (!value.value.trim()) {
      this.report(this.at(fields, name), `${path}: must not be empty`);
      return null;
    }
    return value.value;
  }

  /** A list field: its items, undefined when absent and optional, null when reported. */
  sequence(
    fields: Fields,
    name: string,
    path: string,
    required: boolean,
  ): Node[] | undefined | null {
    const value = this.value(fields, name);
    if (value === undefined) {
      return this.missing(fields, name, path, required);
    }
    if (!isSeq(value)) {
      this.report(this.at(fields, name), `${path}: must be a list`);
      return null;
    }
    return value.items as Node[];
  }
}

/** Slashes trimmed, `.` for the repository root becomes the empty string; undefined when it escapes. */
function normalizeModulePath(path: string): string | undefined {
  const segments = path.split('/').filter(segment => segment !== '');
  if (segments.length === 1 && segments[0] === '.') {
    return '';
  }
  const inner = segments[0] === '.' ? segments.slice(1) : segments;
  if (inner.some(segment => segment === '.' || segment === '..')) {
    return undefined;
  }
  return inner.join('/');
}

function readDeprecation(
  reader: ManifestReader,
  node: Node,
  path: string,
): PlatformDeprecation | undefined {
  const fields = reader.fields(node, path, ['versions', 'since', 'message']);
  if (!fields) {
    return undefined;
  }
  let valid = true;
  const message = reader.string(fields, 'message', `${path}.message`, true);
  const versions = reader.string(fields, 'versions', `${path}.versions`, false);
  const since = reader.string(fields, 'since', `${path}.since`, false);
  if (versions && validRange(versions) === null) {
    reader.report(
      reader.at(fields, 'versions'),
      `${path}.versions: "${versions}" is not a valid semver range`,
    );
    valid = false;
  }
  if (since && (!ISO_DATE.test(since) || Number.isNaN(Date.parse(since)))) {
    reader.report(
      reader.at(fields, 'since'),
      `${path}.since: "${since}" is not an ISO date (YYYY-MM-DD)`,
    );
    valid = false;
  }
  if (!valid || !message || versions === null || since === null) {
    return undefined;
  }
  return {
    message,
    ...(versions !== undefined && { versions }),
    ...(since !== undefined && { since }),
  };
}

/** One wiring as read, with where its `from` stands, until its module is known to exist. */
interface PendingWiring {
  wiring: PlatformInputWiring;
  /** The module whose output feeds the input; undefined for `project.*`. */
  source?: string;
  node: Node;
  path: string;
}

/**
 * The `inputs` of a module: each input with a `from`. A bad entry is reported and left out; the
 * module stays. Whether a source module exists is checked once every module is read.
 */
function readWiring(
  reader: ManifestReader,
  node: Node | undefined,
  path: string,
): PendingWiring[] {
  const inputs = reader.fields(node, path);
  if (!inputs) {
    return [];
  }
  const pending: PendingWiring[] = [];
  for (const [input, entry] of inputs.entries) {
    const inputPath = `${path}.${input}`;
    if (!IDENTIFIER.test(input)) {
      reader.report(
        entry.key,
        `${inputPath}: "${input}" is not a variable name (letters, digits, _ and -, not first a digit)`,
      );
      continue;
    }
    const fields = reader.fields(entry.value ?? entry.key, inputPath, ['from']);
    const from =
      fields && reader.string(fields, 'from', `${inputPath}.from`, true);
    if (!fields || !from) {
      continue;
    }
    const fromNode = reader.at(fields, 'from');
    const dot = from.lastIndexOf('.');
    const source = dot > 0 ? from.slice(0, dot) : '';
    const output = from.slice(dot + 1);
    if (!source || !IDENTIFIER.test(output)) {
      reader.report(
        fromNode,
        `${inputPath}.from: "${from}" must be <module>.<output> or project.${PROJECT_VALUES.join(
          ' / project.',
        )}`,
      );
    } else if (source === 'project' && !PROJECT_VALUES.includes(output)) {
      reader.report(
        fromNode,
        `${inputPath}.from: the project offers ${PROJECT_VALUES.map(
          value => `project.${value}`,
        ).join(' and ')}, not "${from}"`,
      );
    } else {
      pending.push({
        wiring: { input, from },
        source: source === 'project' ? undefined : source,
        node: fromNode,
        path: `${inputPath}.from`,
      });
    }
  }
  return pending;
}

/**
 * The `upgrading` mapping of a module: a major version to the file of its upgrade notes. A bad
 * entry is reported and left out; the module stays, since its drift does not depend on it.
 */
function readUpgradeNotes(
  reader: ManifestReader,
  node: Node | undefined,
  path: string,
): PlatformUpgradeNotes[] {
  const map = reader.resolve(node);
  if (!isMap(map)) {
    reader.report(
      node,
      `${path}: must be a mapping of a major version to a file, such as 2: modules/vpc/UPGRADING.md`,
    );
    return [];
  }
  const notes: PlatformUpgradeNotes[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node;
    // YAML reads `2:` as a number and `'2':` as a string; both name major 2.
    const raw = isScalar(key) ? key.value : undefined;
    const text =
      typeof raw === 'number' || typeof raw === 'string' ? String(raw) : '';
    const entryPath = `${path}.${text}`;
    if (!/^\d{1,9}$/.test(text)) {
      reader.report(
        key,
        `${path}: ${JSON.stringify(
          text || String(key),
        )} is not a major version (a whole number such as 2)`,
      );
      continue;
    }
    const major = Number(text);
    const value = reader.resolve((pair.value as Node | null) ?? undefined);
    const file =
      isScalar(value) && typeof value.value === 'string'
        ? value.value.trim()
        : undefined;
    const at = (pair.value as Node | null) ?? key;
    if (!file) {
      reader.report(at, `${entryPath}: must be the path of a file`);
      continue;
    }
    const normalized = normalizeModulePath(file);
    if (!normalized) {
      reader.report(
        at,
        `${entryPath}: "${file}" must be a file inside the repository, without "." or ".." segments`,
      );
      continue;
    }
    if (notes.some(other => other.major === major)) {
      reader.report(key, `${entryPath}: major ${major} is named twice`);
      continue;
    }
    notes.push({ major, path: normalized });
  }
  return notes.sort((a, b) => a.major - b.major);
}

/**
 * The `xrd` of a crossplane-composition module: the group and composite kind its claims are
 * judged against. A bad one is reported and left out; the module stays, as a module of an
 * unlinked XRD, whose claims are external.
 */
function readXrdLink(
  reader: ManifestReader,
  node: Node | undefined,
  path: string,
  kind: string | null | undefined,
): PlatformXrdLink | undefined {
  if (kind && kind !== 'crossplane-composition') {
    reader.report(
      node,
      `${path}: only a crossplane-composition module publishes an XRD, not a ${kind}`,
    );
    return undefined;
  }
  const fields = reader.fields(node, path, ['group', 'kind']);
  if (!fields) {
    return undefined;
  }
  const group = reader.string(fields, 'group', `${path}.group`, true);
  const xrdKind = reader.string(fields, 'kind', `${path}.kind`, true);
  if (group && !API_GROUP.test(group)) {
    reader.report(
      reader.at(fields, 'group'),
      `${path}.group: "${group}" is not an API group (a lower-case DNS name with a dot, such as platform.acme.io)`,
    );
    return undefined;
  }
  if (xrdKind && !API_KIND.test(xrdKind)) {
    reader.report(
      reader.at(fields, 'kind'),
      `${path}.kind: "${xrdKind}" is not a kind (letters and digits, first a capital, such as XPostgreSQLInstance)`,
    );
    return undefined;
  }
  return group && xrdKind ? { group, kind: xrdKind } : undefined;
}

/**
 * The `channels` of a module: each kind to one target or a list of them. A bad entry is reported
 * and left out; the module stays, as its git pins are judged without it.
 */
function readChannels(
  reader: ManifestReader,
  node: Node | undefined,
  path: string,
): Array<{ channel: PlatformModuleChannel; node: Node; path: string }> {
  const fields = reader.fields(node, path);
  if (!fields) {
    return [];
  }
  const channels: Array<{
    channel: PlatformModuleChannel;
    node: Node;
    path: string;
  }> = [];
  for (const [kind, entry] of fields.entries) {
    const kindPath = `${path}.${kind}`;
    if (!MODULE_CHANNEL_KINDS.includes(kind as PlatformModuleChannelKind)) {
      reader.report(
        entry.key,
        `${kindPath}: "${kind}" is not a channel a module is installed from; expected one of ${MODULE_CHANNEL_KINDS.join(
          ', ',
        )}`,
      );
      continue;
    }
    const value = reader.resolve(entry.value);
    const items = isSeq(value) ? (value.items as Node[]) : [entry.value];
    items.forEach((item, index) => {
      const itemPath = isSeq(value) ? `${kindPath}[${index}]` : kindPath;
      const target = reader.resolve(item);
      const at = item ?? entry.key;
      if (!isScalar(target) || typeof target.value !== 'string') {
        reader.report(at, `${itemPath}: must be a string or a list of strings`);
        return;
      }
      const channel = {
        kind: kind as PlatformModuleChannelKind,
        target: target.value.trim(),
      };
      const parsed = parseChannelTarget(channel);
      if (!parsed.ok) {
        reader.report(at, `${itemPath}: ${parsed.error}`);
        return;
      }
      channels.push({ channel, node: at, path: itemPath });
    });
  }
  return channels;
}

function readModule(
  reader: ManifestReader,
  node: Node,
  path: string,
  wiring: Map<string, PendingWiring[]>,
): PlatformModule | undefined {
  const fields = reader.fields(node, path, [
    'name',
    'kind',
    'path',
    'tagPattern',
    'description',
    'support',
    'deprecations',
    'inputs',
    'upgrading',
    'xrd',
    'channels',
    'required',
  ]);
  if (!fields) {
    return undefined;
  }
  let valid = true;
  const name = reader.string(fields, 'name', `${path}.name`, true);
  if (name && /[\s{}]/.test(name)) {
    reader.report(
      reader.at(fields, 'name'),
      `${path}.name: must not contain whitespace or braces`,
    );
    valid = false;
  }

  const kind = reader.string(fields, 'kind', `${path}.kind`, true);
  if (kind && !MODULE_KINDS.includes(kind as PlatformModuleKind)) {
    reader.report(
      reader.at(fields, 'kind'),
      `${path}.kind: unknown kind "${kind}"; expected one of ${MODULE_KINDS.join(
        ', ',
      )}`,
    );
    valid = false;
  }

  const rawPath = reader.string(fields, 'path', `${path}.path`, true);
  const modulePath = rawPath ? normalizeModulePath(rawPath) : undefined;
  if (rawPath && modulePath === undefined) {
    reader.report(
      reader.at(fields, 'path'),
      `${path}.path: must be a path inside the repository, without "." or ".." segments`,
    );
    valid = false;
  } else if (
    modulePath !== undefined &&
    kind === 'github-workflow' &&
    !/^\.github\/workflows\/[^/]+\.ya?ml$/.test(modulePath)
  ) {
    reader.report(
      reader.at(fields, 'path'),
      `${path}.path: a github-workflow module must be a file in .github/workflows/ ending in .yml or .yaml`,
    );
    valid = false;
  }

  const rawPattern = reader.string(
    fields,
    'tagPattern',
    `${path}.tagPattern`,
    false,
  );
  let tagPattern: string | undefined;
  if (rawPattern) {
    const unknown = rawPattern
      .match(/\{[^}]*\}/g)
      ?.find(p => p !== '{version}' && p !== '{name}');
    if (unknown) {
      reader.report(
        reader.at(fields, 'tagPattern'),
        `${path}.tagPattern: unknown placeholder ${unknown}; only {name} and {version} are replaced`,
      );
    } else if (!isValidTagPattern(rawPattern)) {
      reader.report(
        reader.at(fields, 'tagPattern'),
        rawPattern.includes('{version}')
          ? `${path}.tagPattern: must contain {version} only once`
          : `${path}.tagPattern: must contain {version}`,
      );
    } else if (/[\s~^:?*[\\]/.test(rawPattern)) {
      reader.report(
        reader.at(fields, 'tagPattern'),
        `${path}.tagPattern: contains a character git does not allow in tag names`,
      );
    } else {
      tagPattern = rawPattern;
    }
    valid &&= tagPattern !== undefined;
  }

  const description = reader.string(
    fields,
    'description',
    `${path}.description`,
    false,
  );

  let supportedMajors: number | undefined;
  if (reader.value(fields, 'support') !== undefined) {
    const support = reader.fields(
      fields.entries.get('support')?.value,
      `${path}.support`,
      ['majors'],
    );
    const majors = support && reader.value(support, 'majors');
    if (!support) {
      valid = false;
    } else if (majors !== undefined) {
      const count = isScalar(majors) ? majors.value : undefined;
      if (typeof count === 'number' && Number.isInteger(count) && count >= 1) {
        supportedMajors = count;
      } else {
        reader.report(
          reader.at(support, 'majors'),
          `${path}.support.majors: must be a whole number of at least 1`,
        );
        valid = false;
      }
    }
  }

  const deprecations: PlatformDeprecation[] = [];
  const deprecationNodes = reader.sequence(
    fields,
    'deprecations',
    `${path}.deprecations`,
    false,
  );
  deprecationNodes?.forEach((deprecationNode, index) => {
    const deprecation = readDeprecation(
      reader,
      deprecationNode,
      `${path}.deprecations[${index}]`,
    );
    if (deprecation) {
      deprecations.push(deprecation);
    } else {
      valid = false;
    }
  });

  const inputs = reader.optional(fields, 'inputs', path, undefined, readWiring);

  const upgrading = reader.optional(
    fields,
    'upgrading',
    path,
    [],
    readUpgradeNotes,
  );

  const xrd = reader.optional(
    fields,
    'xrd',
    path,
    undefined,
    (r, xrdNode, at) => readXrdLink(r, xrdNode, at, kind),
  );

  const required = readRequirement(
    reader.value(fields, 'required'),
    `${path}.required`,
    (message, at) =>
      reader.report(at ?? reader.at(fields, 'required'), message),
  );

  const channels = reader.optional(fields, 'channels', path, [], readChannels);

  if (
    !valid ||
    !name ||
    !kind ||
    modulePath === undefined ||
    rawPattern === null ||
    description === null ||
    deprecationNodes === null
  ) {
    return undefined;
  }
  if (inputs) {
    wiring.set(path, inputs);
  }
  return {
    name,
    kind: kind as PlatformModuleKind,
    path: modulePath,
    tagPattern: (tagPattern ?? '{name}/v{version}').replace(/\{name\}/g, name),
    ...(supportedMajors !== undefined && { supportedMajors }),
    deprecations,
    ...(description !== undefined && { description }),
    ...(upgrading.length > 0 && { upgrading }),
    ...(xrd && { xrd }),
    ...(required && { required }),
    ...(channels.length > 0 && {
      channels: channels.map(({ channel }) => channel),
    }),
  };
}

/**
 * Gives each module the wirings whose source module is another module of the manifest; the rest
 * are reported and left out.
 */
function attachWiring(
  reader: ManifestReader,
  modules: Array<{ module: PlatformModule; path: string }>,
  wiring: Map<string, PendingWiring[]>,
) {
  const names = new Set(modules.map(({ module }) => module.name));
  for (const { module, path } of modules) {
    const pending = wiring.get(path);
    if (!pending) {
      continue;
    }
    module.wiring = [];
    for (const entry of pending) {
      if (entry.source === module.name) {
        reader.report(
          entry.node,
          `${entry.path}: a module cannot feed its own input`,
        );
      } else if (entry.source !== undefined && !names.has(entry.source)) {
        reader.report(
          entry.node,
          `${entry.path}: no module "${entry.source}" in this manifest`,
        );
      } else {
        module.wiring.push(entry.wiring);
      }
    }
  }
}

function readModules(reader: ManifestReader, nodes: Node[]): PlatformModule[] {
  const modules: PlatformModule[] = [];
  const kept: Array<{ module: PlatformModule; path: string }> = [];
  const wiring = new Map<string, PendingWiring[]>();
  const firstByName = new Map<string, { path: string; line: number }>();
  const firstByPath = new Map<string, { path: string; line: number }>();
  const firstByXrd = new Map<string, string>();
  const firstByChannel = new Map<string, string>();
  nodes.forEach((node, index) => {
    const path = `spec.modules[${index}]`;
    const module = readModule(reader, node, path, wiring);
    if (!module) {
      return;
    }
    const map = reader.resolve(node);
    const nodeOf = (field: string) =>
      (isMap(map) && (map.get(field, true) as Node | undefined)) || node;
    const sameName = firstByName.get(module.name);
    const samePath = firstByPath.get(module.path);
    if (sameName) {
      reader.report(
        nodeOf('name'),
        `${path}.name: duplicate module name "${module.name}", already used by ${sameName.path} on line ${sameName.line}`,
      );
      return;
    }
    if (samePath) {
      reader.report(
        nodeOf('path'),
        `${path}.path: duplicate module path "${module.path}", already used by ${samePath.path} on line ${samePath.line}`,
      );
      return;
    }
    if (module.xrd) {
      // One XRD is one module's: a claim of it could not say whose releases it is judged against.
      const key = `${module.xrd.group}/${module.xrd.kind}`;
      const owner = firstByXrd.get(key);
      if (owner) {
        reader.report(
          nodeOf('xrd'),
          `${path}.xrd: ${key} is already the XRD of module "${owner}"; left out here`,
        );
        delete module.xrd;
      } else {
        firstByXrd.set(key, module.name);
      }
    }
    if (module.channels) {
      // One artifact is one module's: a reference installing it could not say whose releases apply.
      module.channels = module.channels.filter(channel => {
        const parsed = parseChannelTarget(channel);
        const key = parsed.ok ? channelKey(parsed.target) : undefined;
        if (!key) {
          return true;
        }
        const owner = firstByChannel.get(key);
        if (owner) {
          reader.report(
            nodeOf('channels'),
            `${path}.channels.${channel.kind}: "${channel.target}" is already a channel of module "${owner}"; left out here`,
          );
          return false;
        }
        firstByChannel.set(key, module.name);
        return true;
      });
      if (!module.channels.length) {
        delete module.channels;
      }
    }
    const first = { path, line: reader.line(node) };
    firstByName.set(module.name, first);
    firstByPath.set(module.path, first);
    modules.push(module);
    kept.push({ module, path });
  });
  attachWiring(reader, kept, wiring);
  return modules;
}

/** The first document, as the library's parseDocument() composes it: later ones are an error. */
function composeOneDocument(cst: CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ uniqueKeys: true, version: '1.2' });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(cst, true, length)) {
    if (!doc) {
      doc = next;
    } else {
      doc.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; a manifest is one',
        ),
      );
      break;
    }
  }
  // compose(…, true, …) ends with a document even for an empty text.
  return doc!;
}

/**
 * Parses and validates `platform.yaml`; problems carry the file, line, column and field path.
 *
 * @public
 */
export function parsePlatformManifest(
  text: string,
  file: string = 'platform.yaml',
): PlatformManifestParseResult {
  const lines = new LinePositions(text);
  const syntax = parseYamlCst(text, MAX_NESTING_DEPTH);
  if ('tooDeepAt' in syntax) {
    return {
      problems: [
        {
          file,
          ...lines.at(syntax.tooDeepAt),
          message: `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels; ${file} was not read`,
        },
      ],
    };
  }
  const doc = composeOneDocument(syntax.cst, text.length);
  const reader = new ManifestReader(file, doc, lines);

  if (doc.errors.length) {
    for (const error of doc.errors) {
      reader.report(undefined, `invalid YAML: ${error.message}`, error.pos[0]);
    }
    return { problems: reader.problems };
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    let firstAlias: Node | undefined;
    visit(doc, {
      Alias(_, alias) {
        firstAlias = alias;
        return visit.BREAK;
      },
    });
    reader.report(
      firstAlias,
      `invalid YAML: ${
        (error as Error).message
      } (aliases expand to too many nodes)`,
    );
    return { problems: reader.problems };
  }
  if (
    doc.contents === null ||
    (isScalar(doc.contents) && doc.contents.value === null)
  ) {
    reader.report(undefined, `the file is empty; expected a ${KIND} manifest`);
    return { problems: reader.problems };
  }

  const root = reader.fields(doc.contents as Node, ROOT, [
    'apiVersion',
    'kind',
    'metadata',
    'spec',
  ]);
  if (!root) {
    return { problems: reader.problems };
  }
  let valid = true;
  const apiVersion = reader.string(root, 'apiVersion', 'apiVersion', true);
  if (apiVersion && apiVersion !== API_VERSION) {
    reader.report(
      reader.at(root, 'apiVersion'),
      `apiVersion: unsupported "${apiVersion}"; expected ${API_VERSION}`,
    );
    valid = false;
  }
  const kind = reader.string(root, 'kind', 'kind', true);
  if (kind && kind !== KIND) {
    reader.report(
      reader.at(root, 'kind'),
      `kind: must be ${KIND}, not "${kind}"`,
    );
    valid = false;
  }

  let name: string | null | undefined;
  if (reader.value(root, 'metadata') === undefined) {
    reader.report(reader.at(root, 'metadata'), 'metadata: is required');
  } else {
    const metadata = reader.fields(
      root.entries.get('metadata')?.value,
      'metadata',
    );
    if (metadata) {
      name = reader.string(metadata, 'name', 'metadata.name', true);
    }
  }

  let repository: string | null | undefined;
  let modules: PlatformModule[] | undefined;
  let spec: Fields | undefined;
  if (reader.value(root, 'spec') === undefined) {
    reader.report(reader.at(root, 'spec'), 'spec: is required');
  } else {
    spec = reader.fields(root.entries.get('spec')?.value, 'spec', [
      'repository',
      'modules',
    ]);
  }
  if (spec) {
    repository = reader.string(spec, 'repository', 'spec.repository', true);
    if (repository && !normalizeGitRepository(repository)) {
      reader.report(
        reader.at(spec, 'repository'),
        `spec.repository: "${repository}" is not a git repository URL`,
      );
      valid = false;
    }
    const moduleNodes = reader.sequence(spec, 'modules', 'spec.modules', true);
    if (moduleNodes) {
      modules = readModules(reader, moduleNodes);
    }
  }

  if (!valid || !apiVersion || !kind || !name || !repository || !modules) {
    return { problems: reader.problems };
  }
  return {
    manifest: { name, repository, modules },
    problems: reader.problems,
  };
}
