import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  LoggerService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CallCheck,
  DriftResult,
  DriftVerdict,
  Reference,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import { ReferenceExtractor } from '@platform-portal/plugin-platform-node';
import {
  createDefaultExtractors,
  LoadedPlatform,
  resolveReference,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkCatalogInfo, checkWorkflowExpressions } from './projectFiles';
import { revisionLabel } from './claimSpec';
import { ConfiguredPlatforms } from './platforms';
import { examples } from './policyCheck.examples';

const FORBIDDEN_VERDICTS = new Set<DriftVerdict>([
  'unsupported',
  'deprecated',
  'unpinned',
  'unknown-sha',
  'unknown-version',
  'unknown-module',
  'unresolved',
]);
const CI_WORKFLOW = '.github/workflows/ci.yml';
const SCRIPTS = ['scripts/plan.sh', 'scripts/apply.sh'];

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Refuses `..` segments outright, before any path is resolved against the workspace. */
export function safeChildPath(base: string, child: string): string {
  if (child.split(/[\\/]/).includes('..')) {
    throw new InputError(`The path ${child} may not contain '..'`);
  }
  return resolveSafeChildPath(base, child);
}

/** Checks a reference's call against the interface of the release it pins. */
export type CallChecker = (
  reference: Reference,
  drift: DriftResult,
) => Promise<CallCheck | undefined>;

/**
 * The composition module and version a claim's revision selector names, as the template writes
 * it (`platform.acme.io/revision: postgresql-v1.1.0`): the scanner sees the claim as external,
 * since a Composition's name is not a platform module, but the label names the release.
 */
function claimRelease(
  reference: Reference,
  platform: LoadedPlatform,
): Pick<DriftResult, 'module' | 'version'> | undefined {
  if (reference.kind !== 'crossplane-composition-ref' || !reference.ref) {
    return undefined;
  }
  for (const module of platform.modules) {
    if (module.kind !== 'crossplane-composition') {
      continue;
    }
    for (const version of module.versions) {
      const tag = platform.snapshot.tags.find(
        candidate =>
          revisionLabel(candidate.name) === reference.ref &&
          parseTagVersion(candidate.name, module.tagPattern) === version,
      );
      if (tag) {
        return { module: module.name, version };
      }
    }
  }
  return undefined;
}

/** Every way the project at `dir` breaks platform policy; empty when it complies. */
export async function checkPolicy(options: {
  dir: string;
  platform: LoadedPlatform;
  extractors: ReferenceExtractor[];
  forbiddenSources: string[];
  /** The component catalog-info.yaml must describe; any one Component when absent. */
  componentName?: string;
  /** Checks each call against its pinned release; calls are not checked without it. */
  checkCall?: CallChecker;
  /**
   * Whether the scripts' executable bits are checked; true by default. A dry run gets the
   * template's files without their modes, so there the bits say nothing.
   */
  checkModes?: boolean;
}): Promise<{
  violations: string[];
  referencesChecked: number;
  callsChecked: number;
  /** Each rule applied, in words, for the step's log. */
  checks: string[];
}> {
  const {
    dir,
    platform,
    extractors,
    forbiddenSources,
    componentName,
    checkCall,
    checkModes = true,
  } = options;
  const violations: string[] = [
    ...(await checkCatalogInfo(dir, componentName)),
    ...(await checkWorkflowExpressions(dir, CI_WORKFLOW)),
  ];
  const { references, problems } = await scanTree(dir, { extractors });
  for (const problem of problems) {
    violations.push(
      `${problem.file}${
        problem.line ? `:${problem.line}` : ''
      }: could not be checked: ${problem.message}`,
    );
  }

  const workflowModules = new Set(
    platform.modules.filter(m => m.kind === 'github-workflow').map(m => m.name),
  );
  let callsWorkflow = false;
  let callsChecked = 0;
  for (const reference of references) {
    const where = `${reference.position.file}:${reference.position.line}`;
    const result = resolveReference(reference, platform.snapshot);
    if (FORBIDDEN_VERDICTS.has(result.verdict)) {
      violations.push(
        `${where}: ${reference.source} is ${result.verdict}: ${result.explanation}`,
      );
    } else if (checkCall) {
      // A call that does not match the release it pins fails at its first plan; say so now.
      const claim =
        result.verdict === 'external'
          ? claimRelease(reference, platform)
          : undefined;
      const check = await checkCall(
        reference,
        claim ? { ...result, ...claim } : result,
      );
      callsChecked += check ? 1 : 0;
      for (const finding of check?.callFindings ?? []) {
        violations.push(`${where}: ${finding.message}`);
      }
    }
    const bare = reference.source.replace(/^git::/, '');
    const forbidden = forbiddenSources.find(
      prefix => reference.source.startsWith(prefix) || bare.startsWith(prefix),
    );
    if (forbidden) {
      violations.push(
        `${where}: ${reference.source} uses the forbidden source ${forbidden}`,
      );
    }
    if (
      reference.position.file === CI_WORKFLOW &&
      result.module &&
      workflowModules.has(result.module)
    ) {
      callsWorkflow = true;
    }
  }

  if (workflowModules.size > 0 && !callsWorkflow) {
    violations.push(
      `${CI_WORKFLOW} must call the platform's reusable workflow (${[
        ...workflowModules,
      ].join(' or ')}) at a tag`,
    );
  }

  for (const script of SCRIPTS) {
    try {
      const stat = await fs.lstat(path.join(dir, script));
      if (!stat.isFile()) {
        violations.push(`${script} must be a regular file`);
      } else if (checkModes && (stat.mode & 0o111) === 0) {
        violations.push(`${script} must be executable`);
      }
    } catch {
      violations.push(`${script} is missing`);
    }
  }
  const checks = [
    `catalog-info.yaml describes ${
      componentName ? `the component ${componentName}` : 'one component'
    }`,
    `${plural(
      references.length,
      'module reference',
    )} pinned to a release the platform has, none deprecated or unsupported`,
    ...(checkCall
      ? [
          `${plural(
            callsChecked,
            'module call',
          )} giving the inputs the pinned release declares`,
        ]
      : []),
    forbiddenSources.length
      ? `no module source starts with ${forbiddenSources.join(' or ')}`
      : 'no forbidden module sources are configured, so none were looked for',
    ...(workflowModules.size > 0
      ? [`${CI_WORKFLOW} calls the platform's reusable workflow at a tag`]
      : []),
    checkModes
      ? `${SCRIPTS.join(' and ')} are executable files`
      : `${SCRIPTS.join(
          ' and ',
        )} are files (a dry run cannot see whether they are executable)`,
  ];
  return {
    violations,
    referencesChecked: references.length,
    callsChecked,
    checks,
  };
}

/**
 * `platform:policy:check`: checks a rendered project against platform policy with the scanner's
 * own engine, so a project that passes here shows no policy drift in the first scan.
 */
export function createPolicyCheckAction(options: {
  config: Config;
  logger?: LoggerService;
}) {
  const platforms = new ConfiguredPlatforms(options.config, options.logger);
  const forbiddenSources =
    options.config.getOptionalStringArray('platform.policy.forbiddenSources') ??
    [];
  let extractors: Promise<ReferenceExtractor[]> | undefined;
  return createTemplateAction({
    id: 'platform:policy:check',
    description:
      'Checks a rendered project against platform policy: one Component in catalog-info.yaml, supported, non-deprecated pinned module versions, every module call matching the interface of the release it pins, the reusable CI workflow without GitHub Actions expressions, executable plan/apply scripts and no forbidden sources.',
    examples,
    // The check only reads the workspace and the platform, so it runs in dry runs too.
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'The project directory inside the workspace; the workspace itself by default',
            })
            .optional(),
        platform: z =>
          z
            .string({
              description:
                'One of the platform repositories in platform.platforms; the first by default',
            })
            .optional(),
        name: z =>
          z
            .string({
              description:
                'The component catalog-info.yaml must describe, as its only entity; any one Component by default',
            })
            .optional(),
      },
      output: {
        referencesChecked: z =>
          z.number({
            description: 'How many references to modules were checked',
          }),
        callsChecked: z =>
          z.number({
            description:
              'How many module calls were checked against the interface of the release they pin',
          }),
      },
    },
    async handler(ctx) {
      const dir = safeChildPath(ctx.workspacePath, ctx.input.path ?? '.');
      const platform = await platforms.load(ctx.input.platform);
      extractors ??= createDefaultExtractors();
      const { violations, referencesChecked, callsChecked, checks } =
        await checkPolicy({
          dir,
          platform,
          extractors: await extractors,
          forbiddenSources,
          componentName: ctx.input.name,
          checkCall: (reference, drift) =>
            platforms.checkCall(platform, reference, drift),
          checkModes: !ctx.isDryRun,
        });
      if (ctx.isDryRun) {
        ctx.logger.info(
          'A dry run does not check that scripts/plan.sh and scripts/apply.sh are executable: its template files come without their modes',
        );
      }
      if (violations.length > 0) {
        for (const violation of violations) {
          ctx.logger.error(violation);
        }
        // The project is what the user's choices rendered: bad input, which a dry run answers with 400.
        throw new InputError(
          `The project breaks platform policy (${violations.length} violation${
            violations.length > 1 ? 's' : ''
          }):\n${violations.map(v => `- ${v}`).join('\n')}`,
        );
      }
      ctx.logger.info(
        `The project complies with platform policy (${referencesChecked} module references and ${callsChecked} module calls checked against ${
          platform.url
        }). Checked:\n${checks.map(check => `- ${check}`).join('\n')}`,
      );
      ctx.output('referencesChecked', referencesChecked);
      ctx.output('callsChecked', callsChecked);
    },
  });
}
