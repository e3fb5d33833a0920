import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ModuleInterface,
  PlatformModuleInfo,
  SchemaProperty,
  formatTag,
  normalizeGitRepository,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import { LoadedPlatform } from '@platform-portal/plugin-platform-engine';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { ConfiguredPlatforms } from './platforms';
import { examples } from './modulesResolve.examples';
import { hclLabel } from '@platform-portal/plugin-platform-engine';
import { ModuleArgument, moduleArguments } from './moduleArguments';
import { argumentsSummary } from './reviewText';
import { claimSpec, revisionLabel } from './claimSpec';

/** What a project writes to claim a Crossplane composition of the platform. */
export interface CompositionClaim {
  apiVersion: string;
  kind: string;
  composition: string;
  /** A Kubernetes label value naming the release (`postgresql-v1.1.0`). */
  revisionLabel: string;
  /** The claim's spec parameters: what the user set and what the XRD version requires. */
  spec?: Record<string, unknown>;
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
  /** For `terraform-module` modules: the module block's label, `module.<label>` in references. */
  label?: string;
  /** For `terraform-module` modules: the call's arguments, HCL already encoded. */
  arguments?: ModuleArgument[];
  /** What the user set, as given (JSON values), for the review. */
  inputs?: Record<string, unknown>;
  /** The inputs for the review as one line of Markdown. */
  summary?: string;
  /** For `github-workflow` modules: the inputs to pass, those the release declares and the template fills. */
  with?: string[];
}

/** What the form's module-input step gives per module. */
export interface ModuleInputsValue {
  version?: string;
  inputs?: Record<string, unknown>;
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
  // New claims are written against the version Crossplane stores: the referenceable one, else
  // the newest served one (the form asks the spec of the same version).
  const version =
    versions.find(v => v?.referenceable && v?.served) ??
    [...versions].reverse().find(v => v?.served);
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
    revisionLabel: revisionLabel(ref),
  };
}

function tagOf(
  module: PlatformModuleInfo,
  version: string,
  loaded: LoadedPlatform,
): string {
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

/**
 * Resolves module names to versions in a loaded platform: the version asked for, which must
 * exist, or the latest.
 */
export function resolveModules(
  names: string[],
  loaded: LoadedPlatform,
  kinds?: string[],
  versions: Record<string, string | undefined> = {},
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
        `The module '${name}' has no release yet (no tag of the platform is named like ${module.tagPattern})`,
      );
    }
    const version = versions[name] ?? module.latest;
    if (!module.versions.includes(version)) {
      throw new InputError(
        `The module '${name}' has no release '${version}'; its releases are ${module.versions.join(
          ', ',
        )}`,
      );
    }
    const ref = tagOf(module, version, loaded);
    result[name] = {
      version,
      ref,
      source: moduleSource(module.repository, module.kind, module.path, ref),
      kind: module.kind,
      path: module.path,
    };
  }
  return result;
}

/** The versions asked for: by the `versions` map and by the form's module inputs, which must agree. */
function askedVersions(
  names: string[],
  versions: Record<string, string> = {},
  moduleInputs: Record<string, ModuleInputsValue> = {},
): Record<string, string | undefined> {
  const asked: Record<string, string | undefined> = {};
  for (const name of names) {
    const byMap = Object.hasOwn(versions, name) ? versions[name] : undefined;
    const byForm = Object.hasOwn(moduleInputs, name)
      ? moduleInputs[name]?.version
      : undefined;
    if (byMap && byForm && byMap !== byForm) {
      throw new InputError(
        `The module '${name}' is asked at release '${byMap}' and at release '${byForm}'`,
      );
    }
    asked[name] = byMap ?? byForm;
  }
  return asked;
}

/** Adds to each resolved module what its interface at the pinned release says the project writes. */
async function applyInterfaces(options: {
  platforms: ConfiguredPlatforms;
  loaded: LoadedPlatform;
  modules: Record<string, ResolvedModule>;
  moduleInputs: Record<string, ModuleInputsValue>;
  fills: string[];
}) {
  const { platforms, loaded, modules, moduleInputs, fills } = options;
  const interfaces = new Map<string, ModuleInterface>();
  for (const [name, module] of Object.entries(modules)) {
    if (
      [
        'terraform-module',
        'github-workflow',
        'crossplane-composition',
      ].includes(module.kind)
    ) {
      const read = await platforms.readInterface(loaded, name, module.version);
      interfaces.set(name, read.interface);
    }
  }
  const chosen = new Set(Object.keys(modules));
  const outputsOf = (name: string) => {
    const found = interfaces.get(name);
    return found?.kind === 'terraform'
      ? found.outputs.map(output => output.name)
      : undefined;
  };
  const labels = new Map<string, string>();
  for (const [name, module] of Object.entries(modules)) {
    const found = interfaces.get(name);
    const inputs =
      (Object.hasOwn(moduleInputs, name) && moduleInputs[name]?.inputs) || {};
    if (found?.kind === 'terraform') {
      const label = hclLabel(name);
      if (labels.has(label)) {
        throw new InputError(
          `Platform modules '${labels.get(
            label,
          )}' and '${name}' would both be written as module "${label}"`,
        );
      }
      labels.set(label, name);
      const wiring =
        loaded.modules.find(candidate => candidate.name === name)?.wiring ?? [];
      module.label = label;
      module.arguments = moduleArguments(
        {
          name,
          version: module.version,
          interface: found,
          wiring,
          inputs,
        },
        chosen,
        outputsOf,
      );
      module.inputs = inputs;
      module.summary = argumentsSummary(module.arguments);
    } else if (found?.kind === 'workflow') {
      const missing = found.inputs.filter(
        input => input.required && !fills.includes(input.name),
      );
      if (missing.length > 0) {
        throw new InputError(
          `${name} ${module.version} requires ${missing
            .map(input => `'${input.name}'`)
            .join(', ')}, which this template does not fill (it fills ${
            fills.join(', ') || 'none'
          })`,
        );
      }
      const declared = new Set(found.inputs.map(input => input.name));
      module.with = fills.filter(input => declared.has(input));
    } else if (found?.kind === 'xrd' && module.claim) {
      const version = module.claim.apiVersion.split('/').pop();
      const schema = found.versions.find(v => v.name === version);
      module.claim.spec = claimSpec(
        `${name} ${module.version}`,
        schema?.properties ?? ([] as SchemaProperty[]),
        inputs,
      );
      module.inputs = inputs;
    }
  }
}

/**
 * `platform:modules:resolve`: each named platform module at the version asked for (the latest
 * by default), pinned the way the scanner reads pins, with what its interface at that release
 * says the project writes: a Terraform module's arguments, a workflow's inputs, a claim's spec.
 */
export function createModulesResolveAction(options: {
  config: Config;
  logger?: LoggerService;
}) {
  const platforms = new ConfiguredPlatforms(options.config, options.logger);
  return createTemplateAction({
    id: 'platform:modules:resolve',
    description:
      "Resolves platform modules to a released version (the latest by default), its tag and the source to pin, and checks and encodes the inputs of each module call against the module's interface at that release.",
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
        versions: z =>
          z
            .record(z.string(), {
              description:
                'The version to pin per module (`{ vpc: 2.1.1 }`); the latest for a module not named',
            })
            .optional(),
        moduleInputs: z =>
          z
            .record(
              z.object({
                version: z.string().optional(),
                inputs: z.record(z.unknown()).optional(),
              }),
              {
                description:
                  "The form's module inputs: per module the version shown and the inputs set (JSON values). Inputs the platform wires are not set here; every other required input must be.",
              },
            )
            .optional(),
        fills: z =>
          z
            .array(z.string(), {
              description:
                'Inputs of a reusable workflow the template gives a value (environment, tool); a workflow release requiring another is refused',
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
                  spec: z.record(z.unknown()).optional(),
                })
                .optional(),
              label: z.string().optional(),
              arguments: z
                .array(
                  z.object({
                    name: z.string(),
                    hcl: z.string(),
                    from: z.string().optional(),
                  }),
                )
                .optional(),
              inputs: z.record(z.unknown()).optional(),
              summary: z.string().optional(),
              with: z.array(z.string()).optional(),
            }),
            {
              description:
                'Per module: version, its tag, the source to write, the module kind and path, and what the call writes (arguments, workflow inputs, claim spec)',
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
      const moduleInputs = ctx.input.moduleInputs ?? {};
      const loaded = await platforms.load(ctx.input.platform);
      const modules = resolveModules(
        names,
        loaded,
        ctx.input.kinds,
        askedVersions(names, ctx.input.versions, moduleInputs),
      );
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
      await applyInterfaces({
        platforms,
        loaded,
        modules,
        moduleInputs,
        fills: ctx.input.fills ?? [],
      });
      for (const [name, module] of Object.entries(modules)) {
        ctx.logger.info(
          `Pinned ${name} to release ${module.version} (${module.source})`,
        );
      }
      ctx.output('modules', modules);
      ctx.output('platformRepository', loaded.snapshot.manifest.repository);
    },
  });
}
