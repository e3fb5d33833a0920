import { fixture } from './__fixtures__/readFixture';
import { InterfaceReadError } from './interfaceError';
import { extractWorkflowInterface } from './workflowInterface';

const release = { module: 'terraform-workflow', tag: 'v3.1.0' };
const path = '.github/workflows/terraform.yml';

function read(content: string) {
  return extractWorkflowInterface([{ path, content }], path, release);
}

describe('extractWorkflowInterface', () => {
  it('reads the inputs and secrets of on.workflow_call with their types and defaults', () => {
    expect(read(fixture('workflows/terraform-v3.yml'))).toEqual({
      kind: 'workflow',
      inputs: [
        {
          name: 'working-directory',
          type: 'string',
          required: true,
          description: 'Directory of the Terraform root module',
        },
        {
          name: 'terraform-version',
          type: 'string',
          required: false,
          default: '1.9.8',
          description: 'Terraform version to install',
        },
        {
          name: 'apply',
          type: 'boolean',
          required: false,
          default: false,
          description: 'Apply the plan after review',
        },
        {
          name: 'parallelism',
          type: 'number',
          required: false,
          default: 10,
          description: undefined,
        },
      ],
      secrets: [
        {
          name: 'AWS_ROLE_ARN',
          required: true,
          description: 'Role assumed through OIDC',
        },
        { name: 'INFRACOST_API_KEY', required: false, description: undefined },
      ],
    });
  });

  it('reads a reusable workflow without inputs as an empty interface', () => {
    expect(read('on: workflow_call\njobs: {}\n')).toEqual({
      kind: 'workflow',
      inputs: [],
      secrets: [],
    });
    expect(read('on: [push, workflow_call]\n').inputs).toEqual([]);
  });

  it('refuses a workflow that cannot be called', () => {
    expect(() => read('on:\n  push:\n    branches: [main]\n')).toThrow(
      'terraform-workflow@v3.1.0: .github/workflows/terraform.yml: not a reusable workflow (no on.workflow_call)',
    );
  });

  it('names module, tag and file of a workflow that is not YAML', () => {
    expect(() => read('on:\n  workflow_call:\n    inputs: [a\n')).toThrow(
      /^terraform-workflow@v3\.1\.0: \.github\/workflows\/terraform\.yml: YAML syntax error/,
    );
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      x: { default: *d }',
    ].join('\n');
    expect(() => read(bomb)).toThrow(InterfaceReadError);
    expect(() => read(bomb)).toThrow(/alias bomb/);
  });

  it('names the file when the tag does not have it', () => {
    expect(() => extractWorkflowInterface([], path, release)).toThrow(
      'terraform-workflow@v3.1.0: .github/workflows/terraform.yml: no such file at this tag',
    );
  });
});
