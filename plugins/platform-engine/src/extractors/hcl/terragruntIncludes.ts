import { posix } from 'path';
import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import type { ScannedTree, TreePass } from '../../scanner/treePasses/treePass';
import {
  HclBlock,
  HclBlockSelection,
  HclExpression,
  HclFile,
  readHclFile,
} from './hclDocument';
import { HclParser } from './hclParser';
import {
  HclResolveContext,
  HclValue,
  collectLocals,
  resolveHclString,
} from './resolveHclString';
import { sourceReference } from './sourceReference';

/**
 * Where the tree's root stands in the paths Terragrunt's functions return, which are absolute.
 * Not a path of the machine: a result is written relative to its file before it is reported.
 */
const ROOT = '/<scanned tree>';
// The tree's root and the folders after it, up to a `//` (a module's subdirectory) or a query.
const ROOT_PATH = /\/<scanned tree>((?:\/[^/?]+)*)/g;
const PLACE_FUNCTIONS = new Set([
  'get_terragrunt_dir',
  'get_original_terragrunt_dir',
  'get_parent_terragrunt_dir',
  'path_relative_to_include',
  'path_relative_from_include',
  'get_path_from_repo_root',
  'get_path_to_repo_root',
  'find_in_parent_folders',
  'read_terragrunt_config',
]);
const SOURCE: ReadonlySet<string> = new Set(['source']);
const BLOCKS: HclBlockSelection = new Map([
  ['terraform', SOURCE],
  ['unit', new Set(['source', 'values'])],
  ['stack', new Set(['source', 'values'])],
  ['locals', undefined],
  ['include', new Set(['path', 'expose', 'merge_strategy'])],
]);
// Terragrunt itself allows one level; anything deeper is followed this far, then refused.
const MAX_INCLUDE_DEPTH = 16;
const UNIT_FILES = new Set(['terragrunt.hcl', 'terragrunt.stack.hcl']);
const INCLUDE_BLOCK = /^[ \t]*include\b[^\n=]*\{([^}]*)\}/gm;
const PATH_LINE = /^[ \t]*path[ \t]*=(.*)$/gm;
// An include found in a parent folder is inside the tree and never the file itself; a cycle
// through it is reported when the file found is checked.
const PARENT_INCLUDE =
  /^\s*find_in_parent_folders\(\s*(?:"[^"$\\]*")?\s*\)\s*$/;

/**
 * Whether a file has an include that may point outside the tree or back at the file: most
 * units include only files found in their parent folders, and are not parsed again for this.
 */
function mayMisinclude(content: string): boolean {
  for (const block of content.matchAll(INCLUDE_BLOCK)) {
    const paths = [...block[1].matchAll(PATH_LINE)];
    if (paths.length !== 1 || !PARENT_INCLUDE.test(paths[0][1])) {
      return true;
    }
  }
  return false;
}

/**
 * Where a configuration is evaluated: Terragrunt evaluates an included file in the place of the
 * unit that includes it, so `get_terragrunt_dir()` there is the unit's directory.
 */
interface Place {
  /** The directory of the unit, relative to the root ('' for the root). */
  dir: string;
  /** The unit's file, the one Terragrunt was asked to run. */
  unit: string;
  /** The files included on the way to this one, the unit first. */
  chain: string[];
  /**
   * Set for a file evaluated alone that Terragrunt only evaluates in the place of a unit that
   * includes it (`root.hcl`, `_envcommon/*.hcl`): its place is not known.
   */
  unknown?: true;
}

type TreeFile = { file: string } | { outside: true };

/** A path as Terragrunt resolves it from `dir`, as a file of the tree or outside it. */
function treePath(value: string, dir: string): TreeFile {
  const normalized = posix.normalize(
    value.startsWith('/') ? value : posix.join(ROOT, dir, value),
  );
  if (normalized === ROOT) {
    return { file: '' };
  }
  return normalized.startsWith(`${ROOT}/`)
    ? { file: normalized.slice(ROOT.length + 1) }
    : { outside: true };
}

function absolute(file: string): string {
  return file ? `${ROOT}/${file}` : ROOT;
}

function directory(file: string): string {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function relative(from: string, to: string): string {
  return posix.relative(absolute(from), absolute(to)) || '.';
}

function includeLabel(block: HclBlock): string {
  return block.labels.length > 0 ? `include "${block.labels[0]}"` : 'include';
}

/**
 * Follows Terragrunt's includes, `read_terragrunt_config` and path functions across the files of
 * one scanned tree, never out of it.
 */
class TerragruntTree {
  private readonly parsed = new Map<string, HclFile | undefined>();
  private readonly contexts = new Map<string, HclResolveContext>();
  private readonly resolving = new Set<HclBlock>();
  /** The `values` each stack of the tree passes to a unit of the tree, by the unit's file. */
  private stackValues?: Map<
    string,
    Array<{ values: HclExpression; context: HclResolveContext }>
  >;

  constructor(
    private readonly parser: HclParser,
    private readonly tree: ScannedTree,
    private readonly explainTraversal: (path: string[]) => string,
  ) {}

  read(file: string): HclFile | undefined {
    if (!this.parsed.has(file)) {
      const content = this.tree.read(file);
      this.parsed.set(
        file,
        content === undefined
          ? undefined
          : readHclFile(this.parser, content, BLOCKS),
      );
    }
    return this.parsed.get(file);
  }

  /** The place of a file run on its own: a unit, a stack or a file read by read_terragrunt_config. */
  static own(file: string): Place {
    return { dir: directory(file), unit: file, chain: [file] };
  }

  context(file: string, place: Place): HclResolveContext {
    const key = [file, place.dir, !!place.unknown, ...place.chain].join('\0');
    let context = this.contexts.get(key);
    if (!context) {
      const blocks = this.read(file)?.blocks ?? [];
      const fileDir = directory(file);
      context = {
        locals: collectLocals(blocks),
        where: file === place.unit ? undefined : file,
        explainTraversal: this.explainTraversal,
        call: (name, args) => this.call(file, place, name, args),
        include: label => this.include(file, place, blocks, label),
        traverse: path =>
          path[0] === 'values' && file === place.unit
            ? this.values(file, path)
            : undefined,
        // A path of the tree is reported as Terragrunt reads a local source: from the file.
        rewrite: text =>
          text.replace(ROOT_PATH, (_, path: string) => {
            const local = posix.relative(absolute(fileDir), `${ROOT}${path}`);
            return local.startsWith('..') ? local : `./${local}`;
          }),
      };
      this.contexts.set(key, context);
    }
    return context;
  }

  /**
   * `values.<name>` of a unit, from the stacks of the tree whose `unit` or `stack` block has the
   * unit's folder as its local source: known when every such stack gives it the same value.
   */
  private values(file: string, path: string[]): HclValue | undefined {
    const uses = this.valuesPassedTo().get(file);
    if (!uses) {
      return undefined;
    }
    const found = new Set<string>();
    for (const { values, context } of uses) {
      let value: HclExpression | undefined = values;
      for (const key of path.slice(1)) {
        value = value?.type === 'object' ? value.entries.get(key) : undefined;
      }
      if (!value) {
        return { unknown: `a value a stack of the tree does not pass` };
      }
      const resolved = resolveHclString(value, context);
      if (!resolved.resolved) {
        return {
          unknown: `a value the stack passes, which ${resolved.reason}`,
        };
      }
      found.add(resolved.value);
    }
    return found.size === 1
      ? { value: [...found][0] }
      : {
          unknown: `a value the ${uses.length} stacks using the unit set differently`,
        };
  }

  private valuesPassedTo() {
    if (!this.stackValues) {
      this.stackValues = new Map();
      for (const stack of this.tree.files) {
        if (posix.basename(stack) !== 'terragrunt.stack.hcl') {
          continue;
        }
        // Read in place: a local source is a folder relative to the stack file.
        const context = {
          ...this.context(stack, TerragruntTree.own(stack)),
          rewrite: undefined,
        };
        for (const block of this.read(stack)?.blocks ?? []) {
          const source = block.attributes.get('source');
          const values = block.attributes.get('values');
          if (block.type !== 'unit' || !source || !values) {
            continue;
          }
          const resolved = resolveHclString(source.value, context);
          const target =
            resolved.resolved &&
            (/^\.\.?\//.test(resolved.value) ||
              resolved.value.startsWith(`${ROOT}/`))
              ? treePath(`${resolved.value}/terragrunt.hcl`, directory(stack))
              : undefined;
          if (target && 'file' in target && this.tree.has(target.file)) {
            const uses = this.stackValues.get(target.file) ?? [];
            uses.push({ values: values.value, context });
            this.stackValues.set(target.file, uses);
          }
        }
      }
    }
    return this.stackValues;
  }

  /** The file an include block names, evaluated in the place of the unit. */
  includeTarget(
    file: string,
    place: Place,
    block: HclBlock,
  ): { file: string } | { unknown: string; outside?: true } {
    const path = block.attributes.get('path');
    if (!path) {
      return { unknown: `${includeLabel(block)} has no path` };
    }
    if (this.resolving.has(block)) {
      return {
        unknown: `the path of ${includeLabel(block)} depends on itself`,
      };
    }
    this.resolving.add(block);
    let resolved;
    try {
      resolved = resolveHclString(path.value, this.context(file, place));
    } finally {
      this.resolving.delete(block);
    }
    if (!resolved.resolved) {
      return {
        unknown: `the path of ${includeLabel(block)} ${resolved.reason}`,
      };
    }
    const target = treePath(resolved.value, directory(file));
    if ('outside' in target) {
      return {
        unknown: `${includeLabel(block)} points outside the scanned tree`,
        outside: true,
      };
    }
    if (!this.tree.has(target.file)) {
      return {
        unknown: `${includeLabel(block)} names ${
          target.file
        }, which is not in the scanned tree`,
      };
    }
    return target;
  }

  private include(
    file: string,
    place: Place,
    blocks: HclBlock[],
    label: string,
  ): HclValue {
    const block = blocks.find(
      b => b.type === 'include' && b.labels[0] === label,
    );
    if (!block) {
      return { unknown: `${file} has no include "${label}"` };
    }
    const expose = block.attributes.get('expose')?.value;
    if (expose?.type !== 'literal' || expose.value !== 'true') {
      return {
        unknown: `include "${label}" does not set expose = true, so its values cannot be read`,
      };
    }
    const target = this.includeTarget(file, place, block);
    if ('unknown' in target) {
      return target;
    }
    if (
      target.file === file ||
      place.chain.includes(target.file) ||
      place.chain.length >= MAX_INCLUDE_DEPTH
    ) {
      return { unknown: `include "${label}" is part of an include cycle` };
    }
    return {
      config: this.context(target.file, {
        ...place,
        chain: [...place.chain, target.file],
      }),
    };
  }

  /** The include a unit's own path function names: by label, or its only one. */
  private unitInclude(
    place: Place,
    label: string | undefined,
  ): { file: string } | { unknown: string } | undefined {
    const includes = (this.read(place.unit)?.blocks ?? []).filter(
      block => block.type === 'include',
    );
    if (includes.length === 0) {
      return undefined;
    }
    let block: HclBlock | undefined;
    if (label !== undefined) {
      block = includes.find(b => b.labels[0] === label);
    } else if (includes.length === 1) {
      block = includes[0];
    }
    if (!block) {
      return {
        unknown:
          label === undefined
            ? 'the unit has several includes and the call names none'
            : `the unit has no include "${label}"`,
      };
    }
    return this.includeTarget(
      place.unit,
      TerragruntTree.own(place.unit),
      block,
    );
  }

  private call(
    file: string,
    place: Place,
    name: string,
    args: string[],
  ): HclValue | undefined {
    if (place.unknown && PLACE_FUNCTIONS.has(name)) {
      return {
        unknown: 'which depends on the unit that includes the file',
      };
    }
    // In an included file, "the include" is that file; in the unit, the one it names.
    const included = () =>
      file === place.unit ? this.unitInclude(place, args[0]) : { file };
    switch (name) {
      case 'get_terragrunt_dir':
      case 'get_original_terragrunt_dir':
        return { value: absolute(place.dir) };
      case 'get_repo_root':
        return { value: ROOT };
      case 'get_path_from_repo_root':
        return { value: place.dir || '.' };
      case 'get_path_to_repo_root':
        return { value: relative(place.dir, '') };
      case 'get_parent_terragrunt_dir': {
        const parent = included();
        if (!parent) {
          return { value: absolute(place.dir) };
        }
        return 'file' in parent
          ? { value: absolute(directory(parent.file)) }
          : parent;
      }
      case 'path_relative_to_include':
      case 'path_relative_from_include': {
        const parent = included();
        if (!parent) {
          return { value: '.' };
        }
        if (!('file' in parent)) {
          return parent;
        }
        const parentDir = directory(parent.file);
        return {
          value:
            name === 'path_relative_to_include'
              ? relative(parentDir, place.dir)
              : relative(place.dir, parentDir),
        };
      }
      case 'find_in_parent_folders':
        return this.findInParentFolders(place.dir, args);
      case 'read_terragrunt_config':
        return this.readConfig(place.dir, args);
      default:
        return undefined;
    }
  }

  private findInParentFolders(dir: string, args: string[]): HclValue {
    const name = args[0] ?? 'terragrunt.hcl';
    // Terragrunt starts in the folder above the unit's and stops at the first match.
    for (let current = dir; current !== ''; ) {
      current = directory(current);
      const candidate = treePath(name, current);
      if ('file' in candidate && this.tree.has(candidate.file)) {
        return { value: absolute(candidate.file) };
      }
    }
    if (args.length > 1) {
      return { value: args[1] };
    }
    return {
      unknown: `no ${name} in a folder above ${
        dir || 'the root'
      } inside the scanned tree`,
    };
  }

  private readConfig(dir: string, args: string[]): HclValue {
    if (args.length !== 1) {
      // With a default, a missing file gives an object this reader does not evaluate.
      return { unknown: 'a default configuration is not evaluated' };
    }
    const target = treePath(args[0], dir);
    if ('outside' in target) {
      return { unknown: 'it reads a file outside the scanned tree' };
    }
    if (!this.tree.has(target.file)) {
      return {
        unknown: `it reads ${target.file}, which is not in the scanned tree`,
      };
    }
    return {
      config: this.context(target.file, TerragruntTree.own(target.file)),
    };
  }
}

/**
 * The problems of a unit's includes: one that points outside the tree, one that closes a
 * cycle. Each include is followed in the place of the unit, as Terragrunt does.
 */
function includeProblems(
  terragrunt: TerragruntTree,
  unit: string,
  report: (problem: ScanProblem) => void,
): void {
  const place = TerragruntTree.own(unit);
  const visit = (file: string, chain: string[]) => {
    for (const block of terragrunt.read(file)?.blocks ?? []) {
      if (block.type !== 'include') {
        continue;
      }
      const path = block.attributes.get('path');
      const at = path ?? block;
      const target = terragrunt.includeTarget(file, place, block);
      if ('outside' in target) {
        report({
          file,
          line: at.line,
          column: at.column,
          message: `${includeLabel(
            block,
          )} points outside the scanned tree (path = ${
            path?.value.text
          }); not followed`,
        });
      } else if ('file' in target) {
        if (chain.includes(target.file)) {
          report({
            file,
            line: at.line,
            column: at.column,
            message: `${includeLabel(block)} makes an include cycle: ${[
              ...chain,
              target.file,
            ].join(' → ')}; not followed`,
          });
        } else if (chain.length < MAX_INCLUDE_DEPTH) {
          visit(target.file, [...chain, target.file]);
        }
      }
    }
  };
  visit(unit, [unit]);
}

/**
 * The tree pass of the Terragrunt extractor. A source left unresolved in its own file is
 * evaluated again with the tree at hand: `include` blocks (exposed ones' locals),
 * `read_terragrunt_config`, `find_in_parent_folders`, the path functions and the locals of
 * every file they lead to. Includes that point outside the tree or close a cycle become problems.
 */
export function terragruntTreePass(options: {
  parser: HclParser;
  matches(path: string): boolean;
  explainTraversal(path: string[]): string;
}): TreePass {
  const pass: TreePass = tree => {
    const terragrunt = new TerragruntTree(
      options.parser,
      tree,
      options.explainTraversal,
    );
    const problems = new Map<string, ScanProblem>();
    // The files marks accepted: only those can include out of the tree or in a cycle.
    for (const file of tree.marked) {
      includeProblems(terragrunt, file, problem =>
        problems.set(
          `${problem.file}\0${problem.line}\0${problem.column}`,
          problem,
        ),
      );
    }

    const unresolved = new Map<string, Reference[]>();
    for (const reference of tree.references) {
      if (reference.kind === 'terragrunt-source' && reference.unresolved) {
        const list = unresolved.get(reference.position.file) ?? [];
        list.push(reference);
        unresolved.set(reference.position.file, list);
      }
    }
    const references: Reference[] = [];
    for (const [file, found] of unresolved) {
      const own = TerragruntTree.own(file);
      const context = terragrunt.context(
        file,
        UNIT_FILES.has(posix.basename(file)) ? own : { ...own, unknown: true },
      );
      for (const block of terragrunt.read(file)?.blocks ?? []) {
        const source = block.attributes.get('source');
        const before =
          source &&
          found.find(
            r =>
              r.position.line === source.line &&
              r.position.column === source.column,
          );
        if (!source || !before) {
          continue;
        }
        const after = sourceReference({
          kind: 'terragrunt-source',
          file,
          source,
          context,
        });
        if (before.call) {
          after.call = before.call;
        }
        references.push(after);
      }
    }
    return { references, problems: [...problems.values()] };
  };
  pass.marks = (file, content) =>
    options.matches(file) && mayMisinclude(content);
  return pass;
}
