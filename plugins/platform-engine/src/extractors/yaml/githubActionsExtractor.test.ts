import {
  createGitHubActionsExtractor,
  githubActionsExtractor,
  versionFromComment,
} from './githubActionsExtractor';
import { withoutCalls } from '../__testUtils__/withoutCalls';

const CI_WORKFLOW = `name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  terraform:
    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0
    with:
      working-directory: infra/environments/prod
    secrets: inherit

  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53b808477a3d4c7f7f3c # v4.1.1
      - name: Set up Go
        uses: actions/setup-go@0c52d547c9bc32b1aa3301fd7a9cb496313a4491 # tag=v5.0.0
        with:
          go-version-file: go.mod
      - uses: github/codeql-action/init@v3
        with:
          languages: go
      # - uses: actions/cache@v3
      - uses: ./.github/actions/setup-tools
      - uses: docker://alpine:3.19
      - uses: aws-actions/configure-aws-credentials@main
      - run: 'echo "uses: fake/action@v1"'
      - uses: "hashicorp/setup-terraform@a1502cd9e758c50496cc9ac5308c4843bcd56d36" # pinned
`;

const RELEASE_WORKFLOW = `on:
  workflow_dispatch:
  push:
    tags: ['v*']
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform-plan.yml@3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d  # v2.4.0
  release:
    needs: plan
    uses: octo-org/shared-workflows/.github/workflows/release.yaml@main
  deploy:
    uses: ./.github/workflows/deploy.yml
  matrix:
    strategy:
      matrix:
        action: [a, b]
    runs-on: ubuntu-latest
    steps:
      - uses: \${{ matrix.action }}
`;

describe('githubActionsExtractor', () => {
  it('matches workflows and composite actions only', () => {
    const { matches } = githubActionsExtractor;
    expect(matches('.github/workflows/ci.yml')).toBe(true);
    expect(matches('.github/workflows/release.yaml')).toBe(true);
    expect(matches('services/api/.github/workflows/ci.yml')).toBe(true);
    expect(matches('.github/actions/setup-tools/action.yml')).toBe(true);
    expect(matches('action.yaml')).toBe(true);
    expect(matches('.github/workflows/nested/ci.yml')).toBe(false);
    expect(matches('.github/dependabot.yml')).toBe(false);
    expect(matches('infra/ci.yml')).toBe(false);
    expect(matches('myaction.yml')).toBe(false);
  });

  it('finds reusable workflows and step actions with pins and positions', () => {
    const { references, problems } = githubActionsExtractor.extract({
      path: '.github/workflows/ci.yml',
      content: CI_WORKFLOW,
    });
    expect(problems).toEqual([]);
    expect(withoutCalls(references)).toEqual([
      {
        kind: 'github-reusable-workflow',
        position: { file: '.github/workflows/ci.yml', line: 13, column: 11 },
        source: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        target: {
          type: 'git',
          host: 'github.com',
          repository: 'acme/platform',
          subdirectory: '.github/workflows/terraform.yml',
        },
        name: 'github.com/acme/platform//.github/workflows/terraform.yml',
        pin: 'ref',
        ref: 'v3.2.0',
      },
      {
        kind: 'github-action',
        position: { file: '.github/workflows/ci.yml', line: 21, column: 15 },
        source: 'actions/checkout@b4ffde65f46336ab88eb53b808477a3d4c7f7f3c',
        target: {
          type: 'git',
          host: 'github.com',
          repository: 'actions/checkout',
          subdirectory: '',
        },
        name: 'github.com/actions/checkout',
        pin: 'sha',
        ref: 'b4ffde65f46336ab88eb53b808477a3d4c7f7f3c',
        commentVersion: 'v4.1.1',
      },
      expect.objectContaining({
        position: { file: '.github/workflows/ci.yml', line: 23, column: 15 },
        name: 'github.com/actions/setup-go',
        pin: 'sha',
        ref: '0c52d547c9bc32b1aa3301fd7a9cb496313a4491',
        commentVersion: 'v5.0.0',
      }),
      expect.objectContaining({
        position: { file: '.github/workflows/ci.yml', line: 26, column: 15 },
        target: {
          type: 'git',
          host: 'github.com',
          repository: 'github/codeql-action',
          subdirectory: 'init',
        },
        name: 'github.com/github/codeql-action//init',
        pin: 'ref',
        ref: 'v3',
      }),
      {
        kind: 'github-action',
        position: { file: '.github/workflows/ci.yml', line: 30, column: 15 },
        source: './.github/actions/setup-tools',
        target: { type: 'local', path: '.github/actions/setup-tools' },
        name: './.github/actions/setup-tools',
        pin: 'none',
      },
      expect.objectContaining({
        position: { file: '.github/workflows/ci.yml', line: 32, column: 15 },
        name: 'github.com/aws-actions/configure-aws-credentials',
        pin: 'ref',
        ref: 'main',
      }),
      expect.objectContaining({
        position: { file: '.github/workflows/ci.yml', line: 34, column: 15 },
        source:
          'hashicorp/setup-terraform@a1502cd9e758c50496cc9ac5308c4843bcd56d36',
        pin: 'sha',
      }),
    ]);
    // "# pinned" names no version; the run: string and the commented-out line are not references.
    expect(references[6].commentVersion).toBeUndefined();
    expect(references.map(r => r.source).join()).not.toMatch(/cache|fake/);
  });

  it('records what a job passes to the reusable workflow it calls, not what steps pass to actions', () => {
    const { references, problems } = githubActionsExtractor.extract({
      path: '.github/workflows/deploy.yml',
      content: `on: push
jobs:
  plan:
    uses: acme/platform/.github/workflows/terraform.yml@v3.1.0
    with:
      working-directory: infra/prod
      terraform-version: "1.9.5"
      parallelism: 10
      apply: false
      environment: \${{ github.event.inputs.environment }}
      plan-args: "-var=env=\${{ vars.ENV }}"
      extra: ~
    secrets:
      AWS_ROLE_ARN: \${{ secrets.AWS_ROLE_ARN }}
      INFRACOST_API_KEY: \${{ secrets.INFRACOST_API_KEY }}
  release:
    uses: acme/platform/.github/workflows/release.yml@v1.0.0
    secrets: inherit
  notify:
    uses: acme/platform/.github/workflows/notify.yml@v1.0.0
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
`,
    });
    expect(problems).toEqual([]);
    expect(references.map(r => [r.kind, r.call])).toEqual([
      [
        'github-reusable-workflow',
        {
          arguments: [
            { name: 'working-directory', value: 'infra/prod' },
            { name: 'terraform-version', value: '1.9.5' },
            { name: 'parallelism', value: 10 },
            { name: 'apply', value: false },
            // GitHub evaluates expressions; their values are not known.
            { name: 'environment' },
            { name: 'plan-args' },
            { name: 'extra', value: null },
          ],
          secrets: ['AWS_ROLE_ARN', 'INFRACOST_API_KEY'],
        },
      ],
      ['github-reusable-workflow', { arguments: [], inheritsSecrets: true }],
      ['github-reusable-workflow', { arguments: [] }],
      ['github-action', undefined],
    ]);
  });

  it('finds reusable workflows in several repositories, local and unresolved', () => {
    const { references, problems } = githubActionsExtractor.extract({
      path: '.github/workflows/release.yml',
      content: RELEASE_WORKFLOW,
    });
    expect(problems).toEqual([]);
    expect(
      references.map(r => [
        r.kind,
        r.position.line,
        r.name,
        r.pin,
        r.ref,
        r.commentVersion,
      ]),
    ).toEqual([
      [
        'github-reusable-workflow',
        7,
        'github.com/acme/platform//.github/workflows/terraform-plan.yml',
        'sha',
        '3d5e1f0c7b2a9e8d6f4c1b0a9e8d7c6b5a4f3e2d',
        'v2.4.0',
      ],
      [
        'github-reusable-workflow',
        10,
        'github.com/octo-org/shared-workflows//.github/workflows/release.yaml',
        'ref',
        'main',
        undefined,
      ],
      [
        'github-reusable-workflow',
        12,
        './.github/workflows/deploy.yml',
        'none',
        undefined,
        undefined,
      ],
      [
        'github-action',
        19,
        '${{ matrix.action }}',
        'none',
        undefined,
        undefined,
      ],
    ]);
    expect(references[2].target).toEqual({
      type: 'local',
      path: '.github/workflows/deploy.yml',
    });
    expect(references[3].target).toBeUndefined();
    expect(references[3].unresolved).toEqual({
      expression: '${{ matrix.action }}',
      reason: expect.stringContaining('expression'),
    });
  });

  it('reads composite actions', () => {
    const { references } = githubActionsExtractor.extract({
      path: '.github/actions/setup-tools/action.yml',
      content: `name: Setup tools
description: Installs the tool chain
inputs:
  terraform-version:
    default: 1.9.8
runs:
  using: composite
  steps:
    - uses: hashicorp/setup-terraform@v3
      with:
        terraform_version: \${{ inputs.terraform-version }}
    - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0
    - shell: bash
      run: terraform version
`,
    });
    expect(
      references.map(r => [r.kind, r.name, r.pin, r.commentVersion]),
    ).toEqual([
      [
        'github-action',
        'github.com/hashicorp/setup-terraform',
        'ref',
        undefined,
      ],
      ['github-action', 'github.com/actions/setup-node', 'sha', 'v4.1.0'],
    ]);
  });

  it('follows anchors and aliases and reports an aliased step once', () => {
    const { references, problems } = githubActionsExtractor.extract({
      path: '.github/workflows/anchors.yml',
      content: `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - &checkout
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          fetch-depth: 0
      - run: make test
  build:
    runs-on: ubuntu-latest
    steps:
      - *checkout
      - uses: actions/upload-artifact@v4
`,
    });
    expect(problems).toEqual([]);
    expect(
      references.map(r => [r.position.line, r.name, r.commentVersion]),
    ).toEqual([
      [7, 'github.com/actions/checkout', 'v4.2.2'],
      [15, 'github.com/actions/upload-artifact', undefined],
    ]);
  });

  it('reports invalid uses values and syntax errors as problems', () => {
    const invalid = githubActionsExtractor.extract({
      path: '.github/workflows/bad.yml',
      content: `jobs:
  a:
    steps:
      - uses: just-a-name
      - uses: [not, a, string]
      - uses: actions/checkout@v4
`,
    });
    expect(invalid.problems).toEqual([
      {
        file: '.github/workflows/bad.yml',
        line: 4,
        column: 15,
        message: expect.stringContaining('just-a-name'),
      },
      {
        file: '.github/workflows/bad.yml',
        line: 5,
        column: 15,
        message: '"uses" is not a string',
      },
    ]);
    expect(invalid.references.map(r => r.name)).toEqual([
      'github.com/actions/checkout',
    ]);

    const broken = githubActionsExtractor.extract({
      path: '.github/workflows/broken.yml',
      content: 'jobs:\n  a:\n    uses: "acme/x@v1\n  b: [\n',
    });
    expect(broken.references).toEqual([]);
    expect(broken.problems).toEqual([
      expect.objectContaining({
        file: '.github/workflows/broken.yml',
        line: expect.any(Number),
        message: expect.stringMatching(/^YAML syntax error/),
      }),
    ]);
  });

  it('keeps a missing ref as an unpinned reference', () => {
    const { references } = githubActionsExtractor.extract({
      path: '.github/workflows/x.yml',
      content: 'jobs:\n  a:\n    uses: acme/platform/.github/workflows/x.yml\n',
    });
    expect(references).toEqual([expect.objectContaining({ pin: 'none' })]);
    expect(references[0]).not.toHaveProperty('ref');
  });

  it('uses the configured host for GitHub Enterprise Server', () => {
    const extractor = createGitHubActionsExtractor({
      host: 'GitHub.Acme.Corp',
    });
    const { references } = extractor.extract({
      path: '.github/workflows/ci.yml',
      content: 'jobs:\n  a:\n    steps:\n      - uses: platform/setup@v2\n',
    });
    expect(references[0].target).toEqual({
      type: 'git',
      host: 'github.acme.corp',
      repository: 'platform/setup',
      subdirectory: '',
    });
    expect(references[0].name).toBe('github.acme.corp/platform/setup');
  });

  it('skips files without any uses key without parsing them', () => {
    expect(
      githubActionsExtractor.extract({
        path: '.github/workflows/x.yml',
        content: 'on: push\njobs: [broken',
      }),
    ).toEqual({ references: [], problems: [] });
  });
});

describe('versionFromComment', () => {
  it.each([
    ['v4.1.1', 'v4.1.1'],
    ['tag=v1.2.3', 'v1.2.3'],
    ['v4', 'v4'],
    ['4.0.0-beta.1', '4.0.0-beta.1'],
    ['@v2.1.0', 'v2.1.0'],
    ['pin @v2.1.0', 'v2.1.0'],
    ['ratchet:actions/checkout@v4', 'v4'],
    ['v3.5.0 (2024-01-02)', 'v3.5.0'],
    ['pinned', undefined],
    ['main', undefined],
    ['v4foo', undefined],
    ['', undefined],
  ])('%s -> %s', (comment, version) => {
    expect(versionFromComment(comment)).toBe(version);
  });
});
