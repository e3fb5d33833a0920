import { posix } from 'path';
import {
  redactUrlCredentials,
  Reference,
  ReferenceTarget,
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

const CHART_PATH = /(^|\/)(Chart|requirements)\.yaml$/;

function chartTarget(
  repository: string | undefined,
  chart: string,
  file: ExtractorFile,
): { target: ReferenceTarget; name: string } {
  const dir = posix.dirname(file.path);
  if (!repository) {
    // Without a repository Helm expects the chart to be vendored under charts/.
    const path = posix.join(dir, 'charts', chart);
    return { target: { type: 'local', path }, name: path };
  }
  if (repository.startsWith('file://')) {
    const written = repository.slice('file://'.length);
    const path = posix.normalize(
      written.startsWith('/') ? written : posix.join(dir, written),
    );
    return { target: { type: 'local', path }, name: path };
  }
  if (repository.startsWith('oci://')) {
    const rest = repository.slice('oci://'.length).replace(/\/+$/, '');
    const slash = rest.indexOf('/');
    const registry = (slash === -1 ? rest : rest.slice(0, slash))
      .replace(/^.*@/, '')
      .toLowerCase();
    const path = slash === -1 ? '' : rest.slice(slash + 1);
    const ociRepository = path ? `${path}/${chart}` : chart;
    return {
      target: { type: 'oci', registry, repository: ociRepository },
      name: `${registry}/${ociRepository}`,
    };
  }
  const url = /^https?:\/\//i.test(repository)
    ? repository.replace(/\/+$/, '')
    : repository;
  return {
    target: { type: 'helm-repository', repository: url, chart },
    name: `${url}/${chart}`,
  };
}

function extractDependencies(
  doc: YamlDocument,
  file: ExtractorFile,
  references: Reference[],
  problems: ScanProblem[],
) {
  doc.seq(doc.get(doc.root, 'dependencies')).forEach((dependency, index) => {
    const nameNode = doc.get(dependency, 'name');
    const chart = doc.string(nameNode)?.trim();
    if (!chart) {
      problems.push({
        file: file.path,
        ...doc.position(nameNode ?? dependency),
        message: `Helm dependency #${index + 1} has no name`,
      });
      return;
    }
    // Credentials in a repository URL must not reach reports.
    const written = doc.getString(dependency, 'repository')?.trim();
    const repository = written && redactUrlCredentials(written);
    const versionNode = doc.get(dependency, 'version');
    const version = doc.string(versionNode)?.trim();
    const alias = doc.getString(dependency, 'alias')?.trim();
    const { target, name } = chartTarget(repository, chart, file);
    const reference: Reference = {
      kind: 'helm-dependency',
      // The version is what gets bumped, so point there when it is written.
      position: {
        file: file.path,
        ...doc.position(version ? versionNode : nameNode),
      },
      source: repository ? `${repository} ${chart}` : chart,
      target,
      name,
      pin: version ? 'constraint' : 'none',
    };
    if (version) {
      reference.ref = version;
    }
    if (alias) {
      reference.alias = alias;
    }
    references.push(reference);
  });
}

/**
 * Creates the extractor for Helm chart dependencies in `Chart.yaml` (v2) and
 * `requirements.yaml` (v1).
 *
 * @public
 */
export function createHelmExtractor(
  options: YamlLimits = {},
): ReferenceExtractor {
  function extract(file: ExtractorFile): ExtractResult {
    if (!file.content.includes('dependencies')) {
      return { references: [], problems: [] };
    }
    const parsed = parseYaml(file, options);
    const references: Reference[] = [];
    const problems: ScanProblem[] = [...parsed.problems];
    for (const doc of parsed.documents) {
      extractDependencies(doc, file, references, problems);
    }
    return {
      references: dedupeReferences(references, file.content),
      problems,
    };
  }

  return guardExtractor({
    id: 'helm',
    label: 'Helm chart',
    matches: path => CHART_PATH.test(path),
    extract,
  });
}

/**
 * The Helm dependency extractor with default limits.
 *
 * @public
 */
export const helmExtractor = createHelmExtractor();
