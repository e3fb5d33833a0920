import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  configReaching,
  startCountingListener,
} from '../__testUtils__/countingListener';
import {
  LATEST_VPC,
  TestPlatform,
  createTestPlatform,
} from '../tests/testPlatform';
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
      vpc: LATEST_VPC,
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

  it('refuses unknown modules as bad input, naming them and the modules offered', async () => {
    const ctx = createMockActionContext({
      input: { modules: ['vpc', 'nope', '../vpc'] },
    });
    const error = await action()
      .handler(ctx as any)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /Unknown platform modules 'nope', '..\/vpc'; .* offers vpc, eks, rds, dns, terraform-ci, postgresql/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a module without any release', async () => {
    const ctx = createMockActionContext({ input: { modules: ['dns'] } });
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /'dns' has no released version/,
    );
  });

  it('refuses a platform that is not configured, naming it and the configured ones, and reaches nothing', async () => {
    const listener = await startCountingListener();
    const reachable = createModulesResolveAction({
      config: mockServices.rootConfig({
        data: configReaching(platform.config, listener),
      }),
    });
    try {
      for (const platformUrl of [
        `http://127.0.0.1:${listener.port}/x.git`,
        `https://127.0.0.1:${listener.port}/acme/platform`,
        `ssh://git@127.0.0.1:${listener.port}/acme/platform.git`,
        'https://github.com/acme/platform-fork',
      ]) {
        const ctx = {
          ...createMockActionContext({
            input: { modules: ['vpc'], platform: platformUrl },
          }),
          isDryRun: true,
        };
        const error = await reachable.handler(ctx as any).catch(e => e);
        expect(error.name).toBe('InputError');
        expect(error.message).toBe(
          `'${platformUrl}' is not a configured platform; platform.platforms has https://github.com/acme/platform`,
        );
        expect(ctx.output).not.toHaveBeenCalled();
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('takes a configured platform written as another URL of the same repository', async () => {
    const ctx = createMockActionContext({
      input: {
        modules: ['vpc'],
        platform: 'https://github.com/acme/platform.git',
      },
    });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith(
      'modules',
      expect.objectContaining({
        vpc: expect.objectContaining({ ref: 'vpc/v2.1.0' }),
      }),
    );
  });

  it('fails naming the platform, without local paths or git output, when it cannot be read', async () => {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { modules: ['vpc'] },
      logger,
    });
    const missing = createModulesResolveAction({
      config: mockServices.rootConfig({
        data: {
          platform: {
            ...platform.config.platform,
            platforms: [
              { repository: 'https://github.com/acme/missing-platform' },
            ],
          },
        },
      }),
    });
    const error = await missing.handler(ctx as any).catch(e => e);
    expect(error.message).toMatch(
      /^Could not read the platform repository https:\/\/github.com\/acme\/missing-platform/,
    );
    const seen = [
      error.message,
      ...Object.values(logger)
        .flatMap(fn => (fn as jest.Mock).mock?.calls ?? [])
        .map(call => JSON.stringify(call)),
    ].join('\n');
    expect(seen).not.toContain(platform.root);
    expect(seen).not.toMatch(/file:|git ls-remote|\/tmp\//);
  });

  it('needs a platform configured, even when a step names one', async () => {
    const bare = createModulesResolveAction({
      config: mockServices.rootConfig({ data: {} }),
    });
    for (const input of [
      { modules: ['vpc'] },
      { modules: ['vpc'], platform: 'https://github.com/acme/platform' },
    ]) {
      const error = await bare
        .handler(createMockActionContext({ input }) as any)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(/no platform is configured/);
    }
  });
});
