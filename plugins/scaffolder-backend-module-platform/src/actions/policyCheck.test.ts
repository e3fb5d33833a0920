import { JsonObject } from '@backstage/types';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  TestPlatform,
  createTestPlatform,
  writeCompliantProject,
} from '../tests/testPlatform';
import { createPolicyCheckAction } from './policyCheck';

describe('platform:policy:check', () => {
  let platform: TestPlatform;
  let workspace: string;

  beforeAll(async () => {
    platform = await createTestPlatform({
      policy: { forbiddenSources: ['git::https://github.com/forks/'] },
    });
  });
  afterAll(() => platform.cleanup());
  beforeEach(async () => {
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'policy-ws-'));
  });
  afterEach(() => fs.rm(workspace, { recursive: true, force: true }));

  const run = async (input: JsonObject = {}) => {
    const action = createPolicyCheckAction({
      config: mockServices.rootConfig({ data: platform.config }),
    });
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace,
      logger: mockServices.logger.mock(),
    });
    const result = action.handler(ctx as any);
    return { ctx, result };
  };

  it('passes a project pinned to supported, current versions', async () => {
    await writeCompliantProject(workspace);
    const { ctx, result } = await run();
    await expect(result).resolves.toBeUndefined();
    expect(ctx.output).toHaveBeenCalledWith('referencesChecked', 3);
    expect(ctx.output).toHaveBeenCalledWith('callsChecked', 3);
    // The log says what was checked, rule by rule.
    const logged = (ctx.logger.info as jest.Mock).mock.calls.map(c => c[0]);
    expect(logged.pop().split('\n').slice(1)).toEqual([
      '- catalog-info.yaml describes one component',
      '- 3 module references pinned to a release the platform has, none deprecated or unsupported',
      '- 3 module calls giving the inputs the pinned release declares',
      '- no module source starts with git::https://github.com/forks/',
      "- .github/workflows/ci.yml calls the platform's reusable workflow at a tag",
      '- scripts/plan.sh and scripts/apply.sh are executable files',
    ]);
  });

  it('lists every call that does not match the interface of the release it pins, with file and line', async () => {
    await writeCompliantProject(workspace);
    await fs.writeFile(
      path.join(workspace, 'infra/environments/staging/main.tf'),
      `module "vpc" {
  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.0"

  name       = "orders-api"
  cidr_block = "10.0.0.0/16"
  az_count   = "three"
}
`,
    );
    await fs.writeFile(
      path.join(workspace, '.github/workflows/ci.yml'),
      `name: ci
on: [push]
jobs:
  terraform:
    uses: acme/platform/.github/workflows/terraform.yml@v3.2.0
    with:
      environment: staging
      tool: terraform
    secrets: inherit
`,
    );
    const { result } = await run();
    const error = await result.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message.split('\n').slice(1).sort()).toEqual([
      '- .github/workflows/ci.yml:5: `tool` is not an input of terraform-ci@v3.2.0',
      '- infra/environments/staging/main.tf:2: `az_count` is a number in vpc@vpc/v2.1.0, not string "three"',
      '- infra/environments/staging/main.tf:2: `cidr_block` is not an input of vpc@vpc/v2.1.0',
      '- infra/environments/staging/main.tf:2: `cidr` is required by vpc@vpc/v2.1.0 but not set',
    ]);
  });

  it('accepts a version behind but supported', async () => {
    await writeCompliantProject(workspace, { vpc: 'vpc/v2.0.0' });
    await expect((await run()).result).resolves.toBeUndefined();
  });

  it('checks a sub-directory', async () => {
    await writeCompliantProject(path.join(workspace, 'project'));
    await expect(
      (
        await run({ path: 'project' })
      ).result,
    ).resolves.toBeUndefined();
  });

  it('lists deprecated, unsupported, unpinned and unknown references', async () => {
    await writeCompliantProject(workspace, {
      rds: 'rds/v1.9.0',
      vpc: 'main',
    });
    await fs.appendFile(
      path.join(workspace, 'infra/environments/staging/main.tf'),
      `module "gone" {
  source = "git::https://github.com/acme/platform.git//modules/gone?ref=v1.0.0"
}
`,
    );
    const { ctx, result } = await run();
    await expect(result).rejects.toThrow(/3 violations/);
    await expect(result).rejects.toThrow(/rds\/v1.9.0 is deprecated/);
    await expect(result).rejects.toThrow(/ref=main is unpinned/);
    await expect(result).rejects.toThrow(/modules\/gone.* is unknown-module/);
    expect(ctx.logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^infra\/environments\/staging\/main.tf:9: .* is deprecated/,
      ),
    );
  });

  it('refuses a major version out of the support window', async () => {
    await writeCompliantProject(workspace, { vpc: 'vpc/v1.4.0' });
    await fs.rm(path.join(workspace, 'infra/environments/staging/main.tf'));
    await fs.writeFile(
      path.join(workspace, 'main.tf'),
      'module "vpc" {\n  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0"\n}\n',
    );
    await expect((await run()).result).rejects.toThrow(/is unsupported/);
  });

  it('requires the reusable CI workflow', async () => {
    await writeCompliantProject(workspace);
    await fs.writeFile(
      path.join(workspace, '.github/workflows/ci.yml'),
      'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    );
    await expect((await run()).result).rejects.toThrow(
      /ci.yml must call the platform's reusable workflow \(terraform-ci\)/,
    );
  });

  it('requires executable plan and apply scripts', async () => {
    await writeCompliantProject(workspace);
    await fs.chmod(path.join(workspace, 'scripts/plan.sh'), 0o644);
    await fs.rm(path.join(workspace, 'scripts/apply.sh'));
    const { result } = await run();
    await expect(result).rejects.toThrow(/scripts\/plan.sh must be executable/);
    await expect(result).rejects.toThrow(/scripts\/apply.sh is missing/);
  });

  it('checks a claim against the XRD version of the composition release its revision selector names', async () => {
    await writeCompliantProject(workspace);
    const claim = (spec: string) => `apiVersion: platform.acme.io/v1beta1
kind: PostgreSQLInstance
metadata:
  name: orders-db
spec:
${spec}  compositionRef:
    name: xpostgresqlinstances.aws.platform.acme.io
  compositionUpdatePolicy: Manual
  compositionRevisionSelector:
    matchLabels:
      platform.acme.io/revision: postgresql-v1.1.0
`;
    const file = path.join(workspace, 'infra/environments/prod/claims.yaml');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, claim('  region: eu-west-1\n  storageGB: 50\n'));
    const passed = await run();
    await expect(passed.result).resolves.toBeUndefined();
    expect(passed.ctx.output).toHaveBeenCalledWith('callsChecked', 4);

    await fs.writeFile(file, claim('  storageGB: "50"\n'));
    const error = await (await run()).result.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message.split('\n').slice(1)).toEqual([
      '- infra/environments/prod/claims.yaml:12: `spec.region` is required by postgresql@postgresql/v1.1.0 (v1beta1) but not set',
      '- infra/environments/prod/claims.yaml:12: `spec.storageGB` is an integer in postgresql@postgresql/v1.1.0 (v1beta1), not string "50"',
    ]);
  });

  it('leaves the executable bits to the real run in a dry run, whose template files have no modes, but not missing scripts', async () => {
    await writeCompliantProject(workspace);
    await fs.chmod(path.join(workspace, 'scripts/plan.sh'), 0o644);
    const action = createPolicyCheckAction({
      config: mockServices.rootConfig({ data: platform.config }),
    });
    const dryRun = () => ({
      ...createMockActionContext({
        workspacePath: workspace,
        logger: mockServices.logger.mock(),
      }),
      isDryRun: true,
    });
    const passed = dryRun();
    await expect(action.handler(passed as any)).resolves.toBeUndefined();
    expect(passed.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^A dry run does not check that scripts/),
    );
    await fs.rm(path.join(workspace, 'scripts/apply.sh'));
    await expect(action.handler(dryRun() as any)).rejects.toThrow(
      /scripts\/apply.sh is missing/,
    );
  });

  it('refuses forbidden sources', async () => {
    await writeCompliantProject(workspace);
    await fs.writeFile(
      path.join(workspace, 'extra.tf'),
      'module "x" {\n  source = "git::https://github.com/forks/vpc.git?ref=v1.0.0"\n}\n',
    );
    await expect((await run()).result).rejects.toThrow(
      /uses the forbidden source git::https:\/\/github.com\/forks\//,
    );
  });

  it.each(['..', '../elsewhere', 'project/../../x', '/etc'])(
    'refuses the path %s',
    async input => {
      await writeCompliantProject(workspace);
      await expect((await run({ path: input })).result).rejects.toThrow(
        /may not contain '..'|outside/i,
      );
    },
  );

  it('refuses a platform that is not configured, as bad input', async () => {
    await writeCompliantProject(workspace);
    const error = await (
      await run({ platform: 'https://github.com/acme/nowhere' })
    ).result.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "'https://github.com/acme/nowhere' is not a configured platform; platform.platforms has https://github.com/acme/platform",
    );
  });

  it('refuses a project breaking policy as bad input, so a dry run answers 400', async () => {
    await writeCompliantProject(workspace, { rds: 'rds/v1.9.0' });
    const error = await (await run()).result.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/rds\/v1.9.0 is deprecated/);
  });

  const catalogInfo = (documents: Array<{ kind: string; name: string }>) =>
    documents
      .map(
        ({ kind, name }) =>
          `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-orders\n`,
      )
      .join('---\n');

  it('passes a catalog-info.yaml describing the one component it expects', async () => {
    await writeCompliantProject(workspace);
    await expect(
      (
        await run({ name: 'orders-api' })
      ).result,
    ).resolves.toBeUndefined();
  });

  it('refuses a catalog-info.yaml holding a second document, naming what it holds', async () => {
    await writeCompliantProject(workspace);
    await fs.writeFile(
      path.join(workspace, 'catalog-info.yaml'),
      catalogInfo([
        { kind: 'Component', name: 'orders-api' },
        { kind: 'Component', name: 'sec-injected' },
      ]),
    );
    const error = await (
      await run({ name: 'orders-api' })
    ).result.catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /catalog-info.yaml must hold exactly one entity, the Component orders-api; it holds 2: Component orders-api, Component sec-injected/,
    );
  });

  it.each([
    [
      [{ kind: 'Group', name: 'orders-api' }],
      /catalog-info.yaml must hold exactly one entity, the Component orders-api; it holds 1: Group orders-api/,
    ],
    [
      [{ kind: 'Component', name: 'payments-api' }],
      /catalog-info.yaml must hold exactly one entity, the Component orders-api; it holds 1: Component payments-api/,
    ],
    [[], /catalog-info.yaml must hold exactly one entity.*; it holds 0/],
  ])('refuses a catalog-info.yaml holding %j', async (documents, message) => {
    await writeCompliantProject(workspace);
    await fs.writeFile(
      path.join(workspace, 'catalog-info.yaml'),
      catalogInfo(documents),
    );
    await expect((await run({ name: 'orders-api' })).result).rejects.toThrow(
      message,
    );
  });

  it('refuses a project without catalog-info.yaml, or with one that is no YAML', async () => {
    await writeCompliantProject(workspace);
    await fs.rm(path.join(workspace, 'catalog-info.yaml'));
    await expect((await run()).result).rejects.toThrow(
      /catalog-info.yaml is missing/,
    );
    await fs.writeFile(
      path.join(workspace, 'catalog-info.yaml'),
      'metadata: {\n  name: "x\n',
    );
    await expect((await run()).result).rejects.toThrow(
      /catalog-info.yaml is not valid YAML/,
    );
  });

  it('refuses a GitHub Actions expression in the rendered CI workflow', async () => {
    await writeCompliantProject(workspace);
    await fs.appendFile(
      path.join(workspace, '.github/workflows/ci.yml'),
      '    with:\n      environment: "${{ secrets.DEPLOY_TOKEN }}"\n',
    );
    await expect((await run()).result).rejects.toThrow(
      /.github\/workflows\/ci.yml:8: holds a GitHub Actions expression \(\$\{\{ secrets.DEPLOY_TOKEN \}\}\)/,
    );
  });
});
