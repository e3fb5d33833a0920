import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReleaseChannelTargetRewrite } from '@platform-portal/plugin-platform-node';
import { DEMO_CHART_REPOSITORY_URL } from './demoHelmRepository';
import { DEMO_TERRAFORM_REGISTRY_HOST } from './demoTerraformRegistry';

/** The demo services name their repositories as if they lived here. */
export const DEMO_ORGANISATION_URL = 'https://github.com/acme/';

/**
 * Where the demo's release channels are really read: git tags of `https://github.com/acme/<name>`
 * from the local bare repository `<repositoriesDir>/acme/<name>.git`, and the chart repository
 * `https://charts.acme.example/` and the Terraform registry `registry.acme.example` from the local
 * demo servers. Other targets are read as declared.
 */
export function createDemoChannelRewrite(options: {
  repositoriesDir: string;
  chartRepositoryUrl: string;
  /** `127.0.0.1:<port>` of the demo's Terraform registry. */
  terraformRegistryHost: string;
}): ReleaseChannelTargetRewrite {
  const organisation = pathToFileURL(
    path.join(path.resolve(options.repositoriesDir), 'acme'),
  ).href;
  return declaration => {
    const { kind, target } = declaration;
    if (kind === 'git-tags' && target.startsWith(DEMO_ORGANISATION_URL)) {
      const name = target
        .slice(DEMO_ORGANISATION_URL.length)
        .replace(/\/+$/, '')
        .replace(/\.git$/, '');
      if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
        return { kind, target: `${organisation}/${name}.git` };
      }
    }
    const chartRepository = DEMO_CHART_REPOSITORY_URL.replace(/\/$/, '');
    if (
      kind === 'helm' &&
      (target.startsWith(`${chartRepository}/`) ||
        target.startsWith(`${chartRepository}#`))
    ) {
      const rest = target.slice(chartRepository.length).replace(/^\//, '');
      return { kind, target: `${options.chartRepositoryUrl}${rest}` };
    }
    if (
      kind === 'terraform-registry' &&
      target.toLowerCase().startsWith(`${DEMO_TERRAFORM_REGISTRY_HOST}/`)
    ) {
      return {
        kind,
        target: `${options.terraformRegistryHost}${target.slice(
          DEMO_TERRAFORM_REGISTRY_HOST.length,
        )}`,
      };
    }
    return declaration;
  };
}
