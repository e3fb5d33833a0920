import type {
  HelmChartInterface,
  ModuleRelease,
} from '@platform-portal/plugin-platform-common';
import { InterfaceReadError, ModuleFile } from './interfaceError';
import { schemaProperties } from './schemaProperties';

const SCHEMA_FILE = 'values.schema.json';

/**
 * Reads a Helm chart's `values.schema.json`; a chart without one has no schema, which is not
 * an error.
 *
 * @public
 */
export function extractHelmInterface(
  files: ModuleFile[],
  release: ModuleRelease,
): HelmChartInterface {
  const file = files.find(
    candidate =>
      candidate.path === SCHEMA_FILE ||
      candidate.path.endsWith(`/${SCHEMA_FILE}`),
  );
  if (!file) {
    return { kind: 'helm', hasSchema: false, properties: [] };
  }
  let schema: unknown;
  try {
    schema = JSON.parse(file.content);
  } catch (error) {
    throw new InterfaceReadError(
      release,
      file.path,
      `not valid JSON (${(error as Error).message})`,
    );
  }
  return {
    kind: 'helm',
    hasSchema: true,
    properties: schemaProperties(schema),
  };
}
