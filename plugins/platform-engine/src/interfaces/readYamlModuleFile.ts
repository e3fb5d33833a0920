import type { ModuleRelease } from '@platform-portal/plugin-platform-common';
import { isScalar, isSeq } from 'yaml';
import { parseYaml, YamlDocument } from '../extractors/yaml/yamlDocuments';
import { InterfaceReadError, ModuleFile } from './interfaceError';

/** The file at `path`, or an error naming the module, tag and file when the tag lacks it. */
export function moduleFile(
  files: ModuleFile[],
  path: string,
  release: ModuleRelease,
): ModuleFile {
  const file = files.find(candidate => candidate.path === path);
  if (!file) {
    throw new InterfaceReadError(release, path, 'no such file at this tag');
  }
  return file;
}

/**
 * The first document of a YAML file, read with the extractors' depth and alias limits; a
 * syntax error or an alias bomb becomes an error naming the module, tag and file.
 */
export function readYamlModuleFile(
  file: ModuleFile,
  release: ModuleRelease,
): YamlDocument {
  const { documents, problems } = parseYaml(file);
  if (problems.length > 0) {
    const [problem] = problems;
    const where = problem.line ? ` (line ${problem.line})` : '';
    throw new InterfaceReadError(
      release,
      file.path,
      `${problem.message}${where}`,
    );
  }
  if (documents.length === 0) {
    throw new InterfaceReadError(release, file.path, 'the file is empty');
  }
  return documents[0];
}

/** A scalar's value as YAML typed it (string, number, bool, null). */
export function scalarValue(doc: YamlDocument, node: unknown): unknown {
  const resolved = doc.resolve(node);
  return isScalar(resolved) ? resolved.value : undefined;
}

/** A node as plain JSON values, seeing through aliases and merge keys. */
export function plainValue(doc: YamlDocument, node: unknown): unknown {
  const resolved = doc.resolve(node);
  if (doc.map(resolved)) {
    return Object.fromEntries(
      doc
        .entries(resolved)
        .map(([key, value]) => [key, plainValue(doc, value)]),
    );
  }
  if (isSeq(resolved)) {
    return doc.seq(resolved).map(item => plainValue(doc, item));
  }
  return scalarValue(doc, resolved);
}
