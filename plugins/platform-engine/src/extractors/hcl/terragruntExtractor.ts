import { posix } from 'path';
import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { guardExtractor } from '../guardExtractor';
import {
  ExtractorFile,
  ExtractResult,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';
import { callArgument } from './callArguments';
import { HclAttribute, HclBlockSelection, readHclFile } from './hclDocument';
import { HclParser, hclParserToLoad } from './hclParser';
import { collectLocals } from './resolveHclString';
import { sourceReference, syntaxProblems } from './sourceReference';
import { terragruntTreePass } from './terragruntIncludes';
import { withTreePass } from '../../scanner/treePasses/treePass';
import { extractorsStarted, withStart } from '../../scanner/extractorStart';

const SOURCE: ReadonlySet<string> = new Set(['source']);
const CONFIG_BLOCKS: HclBlockSelection = new Map([
  ['terraform', SOURCE],
  ['locals', undefined],
  // Only whether there is one: an included file's inputs are merged into this file's.
  ['include', new Set<string>()],
]);
const INPUTS: ReadonlySet<string> = new Set(['inputs']);
// Terragrunt stacks declare their units and nested stacks with a source each.
const STACK_BLOCKS: HclBlockSelection = new Map([
  ['unit', SOURCE],
  ['stack', SOURCE],
  ['locals', undefined],
]);

function explainTraversal(path: string[]): string {
  switch (path[0]) {
    case 'include':
      return 'defined in another file';
    case 'dependency':
      return 'an output of another unit';
    case 'values':
      return 'a value passed in by the stack';
    case 'feature':
      return 'a feature flag set when Terragrunt runs';
    default:
      return 'known only when Terragrunt evaluates the configuration';
  }
}

/**
 * The call of a unit's module: the keys of the literal `inputs` object of its terragrunt.hcl.
 * None when the inputs are computed (`merge(...)`, a local) or may be merged with others: from
 * a file the unit includes, or, for any other .hcl file, into the unit that includes it. The
 * call would then seem to lack inputs it has.
 */
function inputsCall(
  path: string,
  inputs: HclAttribute | undefined,
  includes: boolean,
): Reference['call'] {
  if (includes || posix.basename(path) !== 'terragrunt.hcl') {
    return undefined;
  }
  if (!inputs) {
    return { arguments: [] };
  }
  if (inputs.value.type !== 'object') {
    return undefined;
  }
  return {
    arguments: [...inputs.value.entries].map(([name, value]) =>
      callArgument(name, value),
    ),
  };
}

function isTerragruntPath(path: string): boolean {
  const name = posix.basename(path);
  return name.endsWith('.hcl') && name !== '.terraform.lock.hcl';
}

/**
 * A `source` attribute: what every reference of a Terragrunt file is read from. Blocks named
 * `source` (Packer's `source "amazon-ebs" "x" {`) and reads such as `sources = [...]` are not
 * one, so the Packer templates and variable files of a repository are not parsed. It may match
 * text that is no attribute (a comment, a string): the parser decides then.
 */
const SOURCE_ATTRIBUTE = /(?<![\w-])source[ \t]*=/;

function extract(parser: HclParser, file: ExtractorFile): ExtractResult {
  if (!SOURCE_ATTRIBUTE.test(file.content)) {
    return { references: [], problems: [] };
  }
  const stack = posix.basename(file.path) === 'terragrunt.stack.hcl';
  const { blocks, attributes, errors } = readHclFile(
    parser,
    file.content,
    stack ? STACK_BLOCKS : CONFIG_BLOCKS,
    stack ? undefined : INPUTS,
  );
  const call =
    errors.length === 0
      ? inputsCall(
          file.path,
          attributes.get('inputs'),
          blocks.some(block => block.type === 'include'),
        )
      : undefined;
  const references: Reference[] = [];
  const problems: ScanProblem[] = syntaxProblems(file.path, errors);
  const context = { locals: collectLocals(blocks), explainTraversal };
  for (const block of blocks) {
    const source = block.attributes.get('source');
    // A `terraform` block without source runs the Terraform code in its own directory.
    if (block.type === 'locals' || block.type === 'include' || !source) {
      continue;
    }
    const reference = sourceReference({
      kind: 'terragrunt-source',
      file: file.path,
      source,
      context,
    });
    if (block.type === 'terraform' && call) {
      reference.call = call;
    }
    references.push(reference);
  }
  return { references, problems };
}

/** The Terragrunt extractor, its parser loaded once a file needs it (see withStart). */
export function createLazyTerragruntExtractor(): ReferenceExtractor {
  const { parser, load } = hclParserToLoad();
  return withStart(
    withTreePass(
      guardExtractor({
        id: 'terragrunt',
        label: 'Terragrunt',
        matches: isTerragruntPath,
        extract: file => extract(parser, file),
      }),
      terragruntTreePass({
        parser,
        matches: isTerragruntPath,
        explainTraversal,
      }),
    ),
    load,
  );
}

/**
 * Creates the extractor for Terragrunt `terraform { source }` (and stack `unit`/`stack` sources)
 * in `*.hcl` files other than `.terraform.lock.hcl`. When a whole tree is scanned, a source
 * built from included or read files is resolved from them, within the tree.
 *
 * @public
 */
export async function createTerragruntExtractor(): Promise<ReferenceExtractor> {
  const extractor = createLazyTerragruntExtractor();
  await extractorsStarted([extractor]);
  return extractor;
}
