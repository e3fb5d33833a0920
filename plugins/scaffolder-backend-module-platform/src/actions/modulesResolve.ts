import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PlatformModuleInfo,
  formatTag,
  normalizeGitRepository,
  parseTagVersion,
} from '@internal/plugin-platform-common';
import { LoadedPlatform } from '@internal/plugin-platform-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { ConfiguredPlatforms } from './platforms';
import { examples } from './modulesResolve.examples';

/** What a project writes to claim a Crossplane composition of the platform. */
export interface CompositionClaim {
  apiVersion: string;
  kind: string;
  composition: string;
  /** A Kubernetes label value naming the release (`postgresql-v1.1.0`). */
  revisionLabel: string;
}

/** One resolved module, as the action outputs it. */
export interface ResolvedModule {
  version: string;
  ref: string;
  source: string;
  kind: string;
  path: string;
  /** For `crossplane-composition` modules: the claim kind and composition, read at the release. */
  claim?: CompositionClaim;
}

/**
 * The claim a project writes for a composition module, from the module's
 * CompositeResourceDefinition and Composition at the released commit.
 */
export function compositionClaim(
  name: string,
  ref: string,
  files: Array<{ path: string; content: Buffer }>,
): CompositionClaim {
  let definition: any;
  let composition: any;
  for (const file of files) {
    for (const doc of yaml.parseAllDocuments(file.content.toString('utf8'))) {
      const value = doc.toJS({ maxAliasCount: 10 });
      if (value?.kind === 'CompositeResourceDefinition') {
        definition ??= value;
      } else if (value?.kind === 'Composition') {
        composition ??= value;
      }
    }
  }
  const group = definition?.spec?.group;
  const claimKind = definition?.spec?.claimNames?.kind;
  const versions: any[] = definition?.spec?.versions ?? [];
  const version =
    versions.find(v => v?.referenceable) ?? versions.find(v => v?.served);
  const compositionName = composition?.metadata?.name;
  if (!group || !claimKind || !version?.name || !compositionName) {
    throw new InputError(
      `Platform module '${name}' at ${ref} has no CompositeResourceDefinition with claimNames and a Composition`,
    );
  }
  return {
    apiVersion: `${group}/${version.name}`,
    kind: claimKind,
    composition: compositionName,
    revisionLabel: ref.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63),
  };
}

function tagOf(module: PlatformModuleInfo, loaded: LoadedPlatform): string {
  const version = module.latest!;
  const formatted = formatTag(module.tagPattern, version);
  const tags = loaded.snapshot.tags.map(tag => tag.name);
  if (tags.includes(formatted)) {
    return formatted;
  }
  // A tag written differently (`vpc/v1.4` for 1.4.0) still names the version; pin what exists.
  return (
    tags.find(tag => parseTagVersion(tag, module.tagPattern) === version) ??
    formatted
  );
}

/** How a project references a module at a tag: a `uses:` line for workflows, a git source otherwise. */
export function moduleSource(
  repository: string,
  kind: string,
  modulePath: string,
  ref: string,
): string {
  const repo = normalizeGitRepository(repository);
  if (!repo) {
    throw new Error(`The platform repository ${repository} is no git URL`);
  }
  if (kind === 'github-workflow') {
    return `${repo.repository}/${modulePath}@${ref}`;
  }
  return `git::https://${repo.host}/${repo.repository}.git//${modulePath}?ref=${ref}`;
}

/** Resolves module names to their latest versions in a loaded platform. */
export function resolveModules(
  names: string[],
  loaded: LoadedPlatform,
  kinds?: string[],
): Record<string, ResolvedModule> {
  const byName = new Map(loaded.modules.map(m => [m.name, m]));
  const unknown = names.filter(name => !byName.has(name));
  if (unknown.length > 0) {
    throw new InputError(
      `Unknown platform module${unknown.length > 1 ? 's' : ''} ${unknown
        .map(name => `'${name}'`)
        .join(', ')}; ${loaded.url} offers ${[...byName.keys()].join(', ')}`,
    );
  }
  const wrongKind = kinds?.length
    ? names.filter(name => !kinds.includes(byName.get(name)!.kind))
    : [];
  if (wrongKind.length > 0) {
    throw new InputError(
      `${wrongKind
        .map(name => `'${name}' is a ${byName.get(name)!.kind}`)
        .join(', ')}; this step takes ${kinds!.join(' or ')} modules (${
        loaded.modules
          .filter(m => kinds!.includes(m.kind))
          .map(m => m.name)
          .join(', ') || 'none offered'
      })`,
    );
  }
  const result: Record<string, ResolvedModule> = {};
  for (const name of names) {
    const module = byName.get(name)!;
    if (!module.latest) {
      throw new InputError(
        `Platform module '${name}' has no released version (no tag matches ${module.tagPattern})`,
      );
    }
    const ref = tagOf(module, loaded);
    result[name] = {
      version: module.latest,
      ref,
      source: moduleSource(module.repository, module.kind, module.path, ref),
      kind: module.kind,
      path: module.path,
    };
  }
  return result;
}

/**
 * `platform:modules:resolve`: the latest version of each named platform module, pinned the way
 * the scanner reads pins.
 */
export function createModulesResolveAction(options: {
  config: Config;
  logger?: LoggerService;
}) {
  const platforms = new ConfiguredPlatforms(options.config, options.logger);
  return createTemplateAction({
    id: 'platform:modules:resolve',
    description:
      'Resolves platform modules to their latest released version, tag and source to pin.',
    examples,
    // Resolution only reads the platform repository, so a dry run resolves for real and the
    // preview shows the pins the project would get.
    supportsDryRun: true,
    schema: {
      input: {
        modules: z =>
          z
            .array(z.string(), {
              description: 'Names of platform modules, as in platform.yaml',
            })
            .min(1),
        platform: z =>
          z
            .string({
              description:
                'One of the platform repositories in platform.platforms; the first by default',
            })
            .optional(),
        kinds: z =>
          z
            .array(z.string(), {
              description:
                'Module kinds the step accepts (terraform-module, crossplane-composition, …); any by default',
            })
            .optional(),
      },
      output: {
        modules: z =>
          z.record(
            z.object({
              version: z.string(),
              ref: z.string(),
              source: z.string(),
              kind: z.string(),
              path: z.string(),
              claim: z
                .object({
                  apiVersion: z.string(),
                  kind: z.string(),
                  composition: z.string(),
                  revisionLabel: z.string(),
                })
                .optional(),
            }),
            {
              description:
                'Per module: latest version, its tag, the source to write and the module kind and path',
            },
          ),
        platformRepository: z =>
          z.string({
            description: 'The repository the platform manifest names',
          }),
      },
    },
    async handler(ctx) {
      const names = [...new Set(ctx.input.modules)];
      const loaded = await platforms.load(ctx.input.platform);
      const modules = resolveModules(names, loaded, ctx.input.kinds);
      for (const [name, module] of Object.entries(modules)) {
        if (module.kind !== 'crossplane-composition') {
          continue;
        }
        const commit = loaded.snapshot.tags.find(
          tag => tag.name === module.ref,
        )?.commit;
        if (!commit) {
          throw new InputError(`The tag ${module.ref} of '${name}' is gone`);
        }
        const prefix = `${module.path.replace(/\/+$/, '')}/`;
        const files = await platforms.readFiles(
          loaded.url,
          commit,
          file => file.startsWith(prefix) && /\.ya?ml$/.test(file),
        );
        module.claim = compositionClaim(name, module.ref, files);
      }
      for (const [name, module] of Object.entries(modules)) {
        ctx.logger.info(`${name}: ${module.version} (${module.source})`);
      }
      ctx.output('modules', modules);
      ctx.output('platformRepository', loaded.snapshot.manifest.repository);
    },
  });
}
