import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  platformGitExtensionPoint,
  platformReleaseChannelsExtensionPoint,
} from '@platform-portal/plugin-platform-node';
import { createDemoRepositories } from './createDemoRepositories';
import {
  DEFAULT_DEMO_HELM_PORT,
  startDemoHelmRepository,
} from './demoHelmRepository';
import {
  DEFAULT_DEMO_TERRAFORM_REGISTRY_PORT,
  startDemoTerraformRegistry,
} from './demoTerraformRegistry';
import {
  createDemoChannelRewrite,
  DEMO_ORGANISATION_URL,
} from './demoReleaseChannels';

/**
 * The offline demo of the platform plugin: makes local bare repositories from `examples/` at
 * start and has the scanner read them in place of `https://github.com/acme/…`, and serves the
 * demo's Helm chart repository and Terraform module registry on 127.0.0.1 in place of
 * `https://charts.acme.example/` and `registry.acme.example`.
 *
 * @public
 */
export const platformModuleDemo = createBackendModule({
  pluginId: 'platform',
  moduleId: 'demo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        git: platformGitExtensionPoint,
        releaseChannels: platformReleaseChannelsExtensionPoint,
      },
      async init({ config, lifecycle, logger, git, releaseChannels }) {
        const settings = config.getOptionalConfig('platform.demo');
        if (!settings) {
          logger.info('platform.demo is not configured; the demo is off');
          return;
        }
        const examplesDir = path.resolve(settings.getString('examplesDir'));
        const repositoriesDir = path.resolve(
          settings.getString('repositoriesDir'),
        );

        // Made in the background; the scanner waits for them before it reads any repository.
        const ready = createDemoRepositories({
          examplesDir,
          targetDir: repositoriesDir,
          logger,
        }).catch(error =>
          logger.error(`Could not make the demo repositories: ${error}`),
        );
        git.addLocalRoot(repositoriesDir, { ready });
        git.addUrlRewrite({
          from: DEMO_ORGANISATION_URL,
          to: `${pathToFileURL(path.join(repositoriesDir, 'acme')).href}/`,
        });

        const port =
          settings.getOptionalNumber('helmRepositoryPort') ??
          DEFAULT_DEMO_HELM_PORT;
        const helm = await startDemoHelmRepository({
          dir: path.join(examplesDir, 'helm-repository'),
          port,
          logger,
        });
        if (helm) {
          lifecycle.addShutdownHook(() => helm.close());
        }
        const chartRepositoryUrl = helm?.url ?? `http://127.0.0.1:${port}/`;
        const registryPort =
          settings.getOptionalNumber('terraformRegistryPort') ??
          DEFAULT_DEMO_TERRAFORM_REGISTRY_PORT;
        const registry = await startDemoTerraformRegistry({
          file: path.join(examplesDir, 'terraform-registry', 'modules.yaml'),
          port: registryPort,
          logger,
        });
        if (registry) {
          lifecycle.addShutdownHook(() => registry.close());
        }
        const terraformRegistryHost = registry
          ? new URL(registry.url).host
          : `127.0.0.1:${registryPort}`;
        releaseChannels.addTargetRewrite(
          createDemoChannelRewrite({
            repositoriesDir,
            chartRepositoryUrl,
            terraformRegistryHost,
          }),
        );
        // The chart server and the registry, on whichever port each got.
        releaseChannels.addAllowedHost(
          new URL(chartRepositoryUrl).host,
          terraformRegistryHost,
        );
      },
    });
  },
});
