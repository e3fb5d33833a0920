import type {
  ModuleRelease,
  WorkflowInput,
  WorkflowInterface,
  WorkflowSecret,
} from '@platform-portal/plugin-platform-common';
import { InterfaceReadError, ModuleFile } from './interfaceError';
import {
  moduleFile,
  readYamlModuleFile,
  scalarValue,
} from './readYamlModuleFile';

/**
 * Reads the inputs and secrets a reusable GitHub workflow declares under `on.workflow_call`.
 *
 * @public
 */
export function extractWorkflowInterface(
  files: ModuleFile[],
  path: string,
  release: ModuleRelease,
): WorkflowInterface {
  const file = moduleFile(files, path, release);
  const doc = readYamlModuleFile(file, release);
  const on = doc.get(doc.root, 'on');
  const triggers = doc.map(on)
    ? doc.entries(on).map(([name]) => name)
    : [doc.string(on), ...doc.seq(on).map(item => doc.string(item))];
  if (!triggers.includes('workflow_call')) {
    throw new InterfaceReadError(
      release,
      file.path,
      'not a reusable workflow (no on.workflow_call)',
    );
  }
  const call = doc.get(on, 'workflow_call');
  const inputs: WorkflowInput[] = doc
    .entries(doc.get(call, 'inputs'))
    .map(([name, node]) => {
      const input: WorkflowInput = {
        name,
        type: doc.getString(node, 'type'),
        required: scalarValue(doc, doc.get(node, 'required')) === true,
        description: doc.getString(node, 'description'),
      };
      const initial = doc.get(node, 'default');
      if (initial) {
        input.default = scalarValue(doc, initial);
      }
      return input;
    });
  const secrets: WorkflowSecret[] = doc
    .entries(doc.get(call, 'secrets'))
    .map(([name, node]) => ({
      name,
      required: scalarValue(doc, doc.get(node, 'required')) === true,
      description: doc.getString(node, 'description'),
    }));
  return { kind: 'workflow', inputs, secrets };
}
