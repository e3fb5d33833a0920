import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TestPlatform, createTestPlatform } from '../tests/testPlatform';
import { createModulesResolveAction } from './modulesResolve';

describe('platform:modules:resolve', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.cleanup());

  const action = () =>
    createModulesResolveAction({
      config: mockServices.rootConfig({ data: platform.config }),
    });

  it('resolves each module to its latest tag and the source to pin', async () => {
    const ctx = createMockActionContext({
      input: { modules: ['vpc', 'eks', 'terraform-ci', 'vpc'] },
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('modules', {
      vpc: {
        version: '2.1.0',
        ref: 'vpc/v2.1.0',
        source:
          'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v2.1.0',
        kind: 'terraform-module',
        path: 'modules/vpc',
      },
      eks: {
        version: '3.2.0',
        ref: 'eks-v3.2.0',
        source:
          'git::https://github.com/acme/platform.git//modules/eks?ref=eks-v3.2.0',
        kind: 'terraform-module',
        path: 'modules/eks',
      },
      'terraform-ci': {
        version: '3.2.0',
        ref: 'v3.2.0',
        source: 'acme/platform/.github/workflows/terraform.yml@v3.2.0',
        kind: 'github-workflow',
        path: '.github/workflows/terraform.yml',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'platformRepository',
      'https://github.com/acme/platform.git',
    );
  });

  it('resolves in dry runs too, as it only reads', async () => {
    const ctx = {
      ...createMockActionContext({
        input: {
          modules: ['rds'],
          platform: 'https://github.com/acme/platform',
        },
      }),
      isDryRun: true,
    };
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'modules',
      expect.objectContaining({
        rds: expect.objectContaining({ ref: 'rds/v2.1.0' }),
      }),
    );
  });

  it('reads the claim kind and composition of a Crossplane module at its release', async () => {
    const ctx = createMockActionContext({ input: { modules: ['postgresql'] } });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('modules', {
      postgresql: {
        version: '1.1.0',
        ref: 'postgresql/v1.1.0',
        source:
          'git::https://github.com/acme/platform.git//crossplane/postgresql?ref=postgresql/v1.1.0',
        kind: 'crossplane-composition',
        path: 'crossplane/postgresql',
        claim: {
          apiVersion: 'platform.acme.io/v1alpha1',
          kind: 'PostgreSQLInstance',
          composition: 'xpostgresqlinstances.aws.platform.acme.io',
          revisionLabel: 'postgresql-v1.1.0',
        },
      },
    });
  });

  it('refuses modules of another kind than the step takes', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc', 'postgresql'],
        kinds: ['crossplane-composition'],
      },
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /'vpc' is a terraform-module; this step takes crossplane-composition modules \(postgresql\)/,
    );
  });

  it('names unknown modules', async () => {
    const ctx = createMockActionContext({
      input: { modules: ['vpc', 'nope', '../vpc'] },
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /Unknown platform modules 'nope', '..\/vpc'/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a module without any release', async () => {
    const ctx = createMockActionContext({ input: { modules: ['dns'] } });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /'dns' has no released version/,
    );
  });

  it('fails clearly when the platform cannot be read', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc'],
        platform: 'https://github.com/acme/missing-platform',
      },
    });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /Could not read the platform repository https:\/\/github.com\/acme\/missing-platform/,
    );
  });

  it('needs a platform when none is configured', async () => {
    const ctx = createMockActionContext({ input: { modules: ['vpc'] } });
    const bare = createModulesResolveAction({
      config: mockServices.rootConfig({ data: {} }),
    });
    await expect(bare.handler(ctx as any)).rejects.toThrow(
      /none configured in platform.platforms/,
    );
  });
});
