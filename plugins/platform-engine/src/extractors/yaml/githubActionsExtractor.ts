import { posix } from 'path';
import {
  ModuleCall,
  Reference,
  ReferenceKind,
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
  parseYaml,
} from './yamlDocuments';

/**
 * Options of {@link createGitHubActionsExtractor}.
 *
 * @public
 */
export interface GitHubActionsExtractorOptions extends YamlLimits {
  /** Host that `owner/repo@ref` references live on; `github.com` unless set (GitHub Enterprise Server). */
  host?: string;
}

const WORKFLOW_PATH = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION_PATH = /(^|\/)action\.ya?ml$/;
const REMOTE_USES =
  /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)((?:\/[^@]*)?)(?:@(.*))?$/;
const FULL_SHA = /^[0-9a-f]{40}$/i;
// `# v4.1.1`, `# tag=v4.1.1`, `# @v4`, `# ratchet:actions/checkout@v4`, `# pin @v4.1.1`
const COMMENT_VERSION =
  /^(?:tag=|ratchet:\S*@|pin\s+)?@?(v?\d+(?:\.\d+){0,2}(?:[-+][0-9A-Za-z.+-]*)?)(?=$|[\s,;)])/;

/**
 * The version named by the comment after a SHA pin (`v1.2.3`, `tag=v1.2.3`), if it names one.
 *
 * @public
 */
export function versionFromComment(
  comment: string | undefined,
): string | undefined {
  if (!comment) {
    return undefined;
  }
  return COMMENT_VERSION.exec(comment.trim())?.[1];
}

const EXPRESSION = '${{';

/**
 * What a job passes to the reusable workflow it calls: its `with:` keys, with the values YAML
 * gives them unless GitHub evaluates them (`${{ }}`), and its secrets.
 */
function workflowCall(doc: YamlDocument, job: unknown): ModuleCall {
  const call: ModuleCall = {
    arguments: doc.entries(doc.get(job, 'with')).map(([name, node]) => {
      const value = doc.scalar(node);
      const evaluated =
        value === undefined ||
        (typeof value === 'string' && value.includes(EXPRESSION));
      return evaluated ? { name } : { name, value };
    }),
  };
  const secrets = doc.get(job, 'secrets');
  if (doc.string(secrets)?.trim() === 'inherit') {
    call.inheritsSecrets = true;
  } else if (secrets) {
    call.secrets = doc.entries(secrets).map(([name]) => name);
  }
  return call;
}

type UsesResult =
  | { type: 'reference'; reference: Reference }
  | { type: 'skip' }
  | { type: 'problem'; message: string };

function parseUses(
  raw: string,
  kind: ReferenceKind,
  host: string,
  position: Reference['position'],
  comment: string | undefined,
): UsesResult {
  const value = raw.trim();
  if (value === '' || value.startsWith('docker://')) {
    return { type: 'skip' };
  }
  // An expression or a local path names no release, so neither is pinned.
  const unpinned = {
    kind,
    position,
    source: value,
    name: value,
    pin: 'none' as const,
  };
  if (value.includes('${{')) {
    return {
      type: 'reference',
      reference: {
        ...unpinned,
        unresolved: {
          expression: value,
          reason: 'uses is built from a GitHub Actions expression',
        },
      },
    };
  }
  if (value.startsWith('./')) {
    // Local actions and workflows are resolved from the repository root, not the file.
    return {
      type: 'reference',
      reference: {
        ...unpinned,
        target: { type: 'local', path: posix.normalize(value) },
      },
    };
  }
  const match = REMOTE_USES.exec(value);
  if (!match) {
    return {
      type: 'problem',
      message: `"uses: ${value}" is neither owner/repo[/path]@ref, ./local nor docker://`,
    };
  }
  const [, owner, repo, path, ref] = match;
  const repository = `${owner}/${repo}`;
  const subdirectory = path.split('/').filter(Boolean).join('/');
  const reference: Reference = {
    kind,
    position,
    source: value,
    target: { type: 'git', host, repository, subdirectory },
    name: `${host}/${repository}${subdirectory ? `//${subdirectory}` : ''}`,
    pin: 'none',
  };
  if (ref) {
    reference.ref = ref;
    if (FULL_SHA.test(ref)) {
      reference.pin = 'sha';
      const commentVersion = versionFromComment(comment);
      if (commentVersion) {
        reference.commentVersion = commentVersion;
      }
    } else {
      reference.pin = 'ref';
    }
  }
  return { type: 'reference', reference };
}

/**
 * Creates the extractor for GitHub Actions workflows (reusable workflow calls and step
 * actions) and composite actions.
 *
 * @public
 */
export function createGitHubActionsExtractor(
  options: GitHubActionsExtractorOptions = {},
): ReferenceExtractor {
  const host = (options.host ?? 'github.com').toLowerCase();

  function extract(file: ExtractorFile): ExtractResult {
    if (!file.content.includes('uses')) {
      return { references: [], problems: [] };
    }
    const parsed = parseYaml(file, options);
    const references: Reference[] = [];
    const problems: ScanProblem[] = [...parsed.problems];

    const visit = (
      doc: YamlDocument,
      node: unknown,
      kind: ReferenceKind,
    ): Reference | undefined => {
      if (!node) {
        return undefined;
      }
      const position = { file: file.path, ...doc.position(node) };
      const value = doc.string(node);
      if (value === undefined) {
        problems.push({
          ...position,
          message: '"uses" is not a string',
        });
        return undefined;
      }
      const result = parseUses(
        value,
        kind,
        host,
        position,
        doc.trailingComment(node),
      );
      if (result.type === 'reference') {
        references.push(result.reference);
        return result.reference;
      }
      if (result.type === 'problem') {
        problems.push({ ...position, message: result.message });
      }
      return undefined;
    };

    for (const doc of parsed.documents) {
      const root = doc.root;
      for (const [, job] of doc.entries(doc.get(root, 'jobs'))) {
        const called = visit(
          doc,
          doc.get(job, 'uses'),
          'github-reusable-workflow',
        );
        if (called) {
          called.call = workflowCall(doc, job);
        }
        for (const step of doc.seq(doc.get(job, 'steps'))) {
          visit(doc, doc.get(step, 'uses'), 'github-action');
        }
      }
      for (const step of doc.seq(doc.get(doc.get(root, 'runs'), 'steps'))) {
        visit(doc, doc.get(step, 'uses'), 'github-action');
      }
    }
    return {
      references: dedupeReferences(references, file.content),
      problems,
    };
  }

  return guardExtractor({
    id: 'github-actions',
    label: 'GitHub Actions',
    matches: path => WORKFLOW_PATH.test(path) || ACTION_PATH.test(path),
    extract,
  });
}

/**
 * The GitHub Actions extractor for github.com.
 *
 * @public
 */
export const githubActionsExtractor = createGitHubActionsExtractor();
