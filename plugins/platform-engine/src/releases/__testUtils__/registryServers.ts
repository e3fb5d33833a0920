import { LocalServer, startHttpServer } from './servers';

/**
 * A Terraform module registry on a local port: service discovery, then the versions of each
 * module (`namespace/name/provider` → versions), with the module API under a path of its own as
 * registries may put it.
 *
 * @public
 */
export function startTerraformRegistry(
  modules: Record<string, readonly string[]>,
): Promise<LocalServer> {
  const prefix = '/registry/modules/v1/';
  return startHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.setHeader('content-type', 'application/json');
    const module = path.startsWith(prefix)
      ? path.slice(prefix.length).replace(/\/versions$/, '')
      : undefined;
    if (path === '/.well-known/terraform.json') {
      res.end(JSON.stringify({ 'modules.v1': prefix }));
    } else if (
      module &&
      path.endsWith('/versions') &&
      Object.hasOwn(modules, module)
    ) {
      const versions = modules[module].map(version => ({ version }));
      res.end(JSON.stringify({ modules: [{ versions }] }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ errors: ['Not Found'] }));
    }
  });
}

/**
 * A chart repository's index.yaml (chart → versions), as `helm repo index` writes it.
 *
 * @public
 */
export function startChartRepository(
  charts: Record<string, readonly string[]>,
): Promise<LocalServer> {
  const entries = Object.entries(charts)
    .map(
      ([chart, versions]) =>
        `  ${chart}:\n${versions
          .map(
            version =>
              `  - name: ${chart}\n    version: ${version}\n    created: "2026-01-01T00:00:00Z"\n    urls: [${chart}-${version}.tgz]`,
          )
          .join('\n')}`,
    )
    .join('\n');
  return startHttpServer((req, res) => {
    if (req.url === '/index.yaml') {
      res.setHeader('content-type', 'application/x-yaml');
      res.end(`apiVersion: v1\nentries:\n${entries}\n`);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
}
