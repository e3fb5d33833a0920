import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

const CATALOG_INFO = 'catalog-info.yaml';
const MAX_BYTES = 1024 * 1024;
const YAML_OPTIONS = { maxAliasCount: 10 };

/** A value from the project as one short line, for a message. */
function shown(value: unknown): string {
  const text =
    typeof value === 'string' ? value : JSON.stringify(value) ?? 'nothing';
  const line = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

async function readProjectFile(
  dir: string,
  file: string,
): Promise<{ text?: string; problem?: string }> {
  const stat = await fs.lstat(path.join(dir, file)).catch(() => undefined);
  if (!stat) {
    return { problem: `${file} is missing` };
  }
  if (!stat.isFile()) {
    return { problem: `${file} must be a regular file` };
  }
  if (stat.size > MAX_BYTES) {
    return { problem: `${file} is larger than 1 MiB` };
  }
  return { text: await fs.readFile(path.join(dir, file), 'utf8') };
}

/**
 * Why the project's catalog-info.yaml is not exactly one document holding one Component named
 * `expectedName`; empty when it is. The catalog registers every document of the file, so a second
 * one would register an entity nobody chose.
 */
export async function checkCatalogInfo(
  dir: string,
  expectedName?: string,
): Promise<string[]> {
  const { text, problem } = await readProjectFile(dir, CATALOG_INFO);
  if (text === undefined) {
    return [problem!];
  }
  let entities: unknown[];
  try {
    const documents = yaml.parseAllDocuments(text);
    const error = documents.flatMap(doc => doc.errors)[0];
    if (error) {
      return [
        `${CATALOG_INFO} is not valid YAML: ${shown(
          error.message.split('\n')[0],
        )}`,
      ];
    }
    entities = documents
      .filter(doc => doc.contents !== null)
      .map(doc => doc.toJS(YAML_OPTIONS));
  } catch (error) {
    return [
      `${CATALOG_INFO} is not valid YAML: ${shown((error as Error).message)}`,
    ];
  }

  const [entity] = entities as Array<
    { kind?: unknown; metadata?: { name?: unknown } } | null | undefined
  >;
  if (
    entities.length === 1 &&
    entity?.kind === 'Component' &&
    typeof entity.metadata?.name === 'string' &&
    (expectedName === undefined || entity.metadata.name === expectedName)
  ) {
    return [];
  }
  const found = (
    entities as Array<{ kind?: unknown; metadata?: { name?: unknown } } | null>
  ).map(
    e =>
      `${shown(e?.kind ?? 'no kind')} ${shown(e?.metadata?.name ?? 'no name')}`,
  );
  return [
    `${CATALOG_INFO} must hold exactly one entity, ${
      expectedName === undefined
        ? 'a Component'
        : `the Component ${shown(expectedName)}`
    }; it holds ${entities.length}${
      found.length > 0 ? `: ${found.join(', ')}` : ''
    }`,
  ];
}

/**
 * Every string in the workflow holding `${{`, by line. The template writes only literal values
 * into the workflow; an expression there came from a value, and GitHub Actions would evaluate it.
 */
export async function checkWorkflowExpressions(
  dir: string,
  file: string,
): Promise<string[]> {
  const { text } = await readProjectFile(dir, file);
  if (text === undefined) {
    // A missing workflow is reported by the rule that requires the platform's workflow.
    return [];
  }
  const lineCounter = new yaml.LineCounter();
  const violations: string[] = [];
  for (const document of yaml.parseAllDocuments(text, { lineCounter })) {
    yaml.visit(document, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.value.includes('${{')) {
          const line = node.range ? lineCounter.linePos(node.range[0]).line : 0;
          violations.push(
            `${file}:${line}: holds a GitHub Actions expression (${shown(
              node.value,
            )}); the template writes only literal values into its workflow`,
          );
        }
      },
    });
  }
  return violations;
}
