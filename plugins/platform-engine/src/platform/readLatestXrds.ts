import {
  PlatformManifest,
  PlatformModule,
  PlatformXrdLink,
  ScanProblem,
  latestVersion,
  parseTagVersion,
} from '@platform-portal/plugin-platform-common';
import {
  PlatformTag,
  RepositoryHost,
} from '@platform-portal/plugin-platform-node';
import {
  compositionOf,
  readCrossplaneDefinition,
} from '../extractors/yaml/crossplaneDefinitions';
import { parseYaml } from '../extractors/yaml/yamlDocuments';

const YAML_FILE = /\.ya?ml$/i;

/** A file of a module's release, as text. */
export interface XrdReleaseFile {
  path: string;
  content: string;
}

/**
 * What the XRD of a link says in a release's files: the XRD whose group and composite kind the
 * link names, and the Compositions of that type. Undefined when the files define no such XRD.
 */
export function xrdAtRelease(
  files: XrdReleaseFile[],
  link: Pick<PlatformXrdLink, 'group' | 'kind'>,
  version: string,
): PlatformXrdLink['latest'] {
  let found: PlatformXrdLink['latest'];
  const compositions: string[] = [];
  for (const file of files) {
    for (const doc of parseYaml(file).documents) {
      const definition = readCrossplaneDefinition(doc, doc.root);
      if (
        definition &&
        !found &&
        definition.group === link.group &&
        definition.kind === link.kind
      ) {
        found = {
          version,
          ...(definition.claimKind && { claimKind: definition.claimKind }),
          versions: definition.versions,
          compositions,
        };
      }
      const composition = compositionOf(doc, doc.root, link.group, link.kind);
      if (composition && !compositions.includes(composition)) {
        compositions.push(composition);
      }
    }
  }
  return found;
}

function latestTag(
  module: PlatformModule,
  tags: PlatformTag[],
): { version: string; tag: PlatformTag } | undefined {
  const releases = tags.flatMap(tag => {
    const version = parseTagVersion(tag.name, module.tagPattern);
    return version === null ? [] : [{ version, tag }];
  });
  const latest = latestVersion(releases.map(r => r.version));
  return releases.find(r => r.version === latest);
}

/**
 * Reads, for every module that links an XRD, that XRD at the module's latest release and puts
 * it in the link's `latest`, so claims are judged against what the platform serves now. A
 * release that cannot be read or defines no such XRD becomes a problem; its claims are then
 * judged `unknown-version`.
 *
 * @public
 */
export async function readLatestXrds(
  host: RepositoryHost,
  url: string,
  manifest: PlatformManifest,
  tags: PlatformTag[],
): Promise<ScanProblem[]> {
  const problems: ScanProblem[] = [];
  await Promise.all(
    manifest.modules.map(async module => {
      const link = module.xrd;
      const release = link && latestTag(module, tags);
      if (!link || !release) {
        return;
      }
      const directory = `${module.path.replace(/\/+$/, '')}/`;
      const where = `module ${module.name} at tag ${release.tag.name}`;
      try {
        const read = await host.readFiles(
          url,
          release.tag.commit,
          path => path.startsWith(directory) && YAML_FILE.test(path),
        );
        const latest = xrdAtRelease(
          read.files.map(file => ({
            path: file.path,
            content: file.content.toString('utf8'),
          })),
          link,
          release.version,
        );
        if (latest) {
          link.latest = latest;
        } else {
          problems.push({
            file: 'platform.yaml',
            message: `${where} has no CompositeResourceDefinition of ${link.group}/${link.kind} in ${module.path}`,
          });
        }
      } catch (error) {
        problems.push({
          file: 'platform.yaml',
          message: `the XRD of ${where} could not be read: ${
            error instanceof Error ? error.message : String(error)
          }`,
        });
      }
    }),
  );
  return problems;
}
