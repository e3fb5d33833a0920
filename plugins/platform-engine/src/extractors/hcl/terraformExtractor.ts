import {
  Reference,
  ScanProblem,
} from '@platform-portal/plugin-platform-common';
import { guardExtractor } from '../guardExtractor';
import { extractorsStarted, withStart } from '../../scanner/extractorStart';
import {
  ExtractorFile,
  ExtractResult,
  ReferenceExtractor,
} from '@platform-portal/plugin-platform-node';
import { blockCallArguments } from './callArguments';
import { HclBlockSelection, readHclFile } from './hclDocument';
import { HclParser, hclParserToLoad } from './hclParser';
import { mayHaveModuleBlock } from './moduleBlockFilter';
import { collectLocals } from './resolveHclString';
import { sourceReference, syntaxProblems } from './sourceReference';
import { TERRAFORM_META_ARGUMENTS } from './terraformMetaArguments';

const TERRAFORM_PATH = /\.(?:tf|tofu)$/;
// The other attributes of a module block are its call, checked against the module's
// variables; only their literal values matter, so nothing else in them is read.
const BLOCKS: HclBlockSelection = new Map([
  ['module', { full: new Set(['source', 'version']), othersAsLiterals: true }],
  ['locals', undefined],
]);

function explainTraversal(path: string[]): string {
  switch (path[0]) {
    case 'var':
      return 'an input variable set outside this file';
    case 'module':
      return 'an output of another module';
    case 'data':
      return 'a data source read when Terraform runs';
    default:
      return 'known only when Terraform evaluates the configuration';
  }
}

function extract(parser: HclParser, file: ExtractorFile): ExtractResult {
  // Most .tf files hold resources only, and many others only read module outputs; skipping
  // them avoids parsing the bulk of a repository.
  if (!mayHaveModuleBlock(file.content)) {
    return { references: [], problems: [] };
  }
  const { blocks, errors } = readHclFile(parser, file.content, BLOCKS);
  const references: Reference[] = [];
  const problems: ScanProblem[] = syntaxProblems(file.path, errors);
  const context = { locals: collectLocals(blocks), explainTraversal };
  for (const block of blocks) {
    if (block.type !== 'module') {
      continue;
    }
    const source = block.attributes.get('source');
    if (!source) {
      // An incomplete block lost its source to a syntax error that is already reported.
      if (!block.incomplete) {
        problems.push({
          file: file.path,
          line: block.line,
          column: block.column,
          message: `module "${block.labels[0] ?? ''}" has no source`,
        });
      }
      continue;
    }
    const reference = sourceReference({
      kind: 'terraform-module',
      file: file.path,
      source,
      version: block.attributes.get('version'),
      context,
    });
    // A block cut short by a syntax error would seem to lack the inputs after the error.
    if (!block.incomplete) {
      reference.call = {
        arguments: blockCallArguments(
          block.attributes,
          TERRAFORM_META_ARGUMENTS,
        ),
      };
    }
    references.push(reference);
  }
  return { references, problems };
}

/** The Terraform extractor, its parser loaded once a file needs it (see withStart). */
export function createLazyTerraformExtractor(): ReferenceExtractor {
  const { parser, load } = hclParserToLoad();
  return withStart(
    guardExtractor({
      id: 'terraform',
      label: 'Terraform',
      matches: path => TERRAFORM_PATH.test(path),
      extract: file => extract(parser, file),
    }),
    load,
  );
}

/**
 * Creates the extractor for `module` blocks of Terraform and OpenTofu files (`.tf`, `.tofu`).
 *
 * @public
 */
export async function createTerraformExtractor(): Promise<ReferenceExtractor> {
  const extractor = createLazyTerraformExtractor();
  await extractorsStarted([extractor]);
  return extractor;
}
