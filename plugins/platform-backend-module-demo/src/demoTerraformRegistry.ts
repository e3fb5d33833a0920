import { promises as fs } from 'node:fs';
import http from 'node:http';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parse as parseYaml } from 'yaml';
import { listenOnLoopback, LoopbackServer } from './listenOnLoopback';

/** The host the demo's platform publishes its Terraform modules to; read from the local server. */
export const DEMO_TERRAFORM_REGISTRY_HOST = 'registry.acme.example';

/** The demo's default port of {@link startDemoTerraformRegistry}. */
export const DEFAULT_DEMO_TERRAFORM_REGISTRY_PORT = 7081;

/** Where the module registry protocol's endpoints are, as service discovery says. */
const MODULES_PATH = '/v1/modules/';

/** One module the registry offers, from `modules.yaml`. */
interface PublishedModule {
  /** The module's source, without a ref: `git::https://github.com/acme/platform.git//modules/eks`. */
  source: string;
  /** How a version is tagged in that repository: `eks-v{version}`. */
  tagPattern: string;
  versions: string[];
}

const ADDRESS_PART = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

async function readModules(
  file: string,
): Promise<Map<string, PublishedModule>> {
  const document = parseYaml(await fs.readFile(file, 'utf8'));
  const modules = new Map<string, PublishedModule>();
  for (const [address, entry] of Object.entries(document?.modules ?? {})) {
    const module = entry as Partial<PublishedModule>;
    if (
      address.split('/').length === 3 &&
      address.split('/').every(part => ADDRESS_PART.test(part)) &&
      typeof module.source === 'string' &&
      typeof module.tagPattern === 'string' &&
      Array.isArray(module.versions)
    ) {
      modules.set(address.toLowerCase(), {
        source: module.source,
        tagPattern: module.tagPattern,
        versions: module.versions.map(String),
      });
    }
  }
  return modules;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The Terraform module registry protocol, as much of it as `terraform init` and the portal use:
 * service discovery (`/.well-known/terraform.json`), the versions of a module
 * (`/v1/modules/<namespace>/<name>/<provider>/versions`) and a version's download, which answers
 * 204 with `X-Terraform-Get` naming the release's tag in the platform repository.
 */
export function createTerraformRegistryHandler(
  modules: ReadonlyMap<string, PublishedModule>,
): http.RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/.well-known/terraform.json') {
      sendJson(res, 200, { 'modules.v1': MODULES_PATH });
      return;
    }
    const parts = pathname.startsWith(MODULES_PATH)
      ? pathname.slice(MODULES_PATH.length).split('/')
      : [];
    // Namespaces, names and providers are case-insensitive in the protocol.
    const module = modules.get(parts.slice(0, 3).join('/').toLowerCase());
    if (module && parts.length === 4 && parts[3] === 'versions') {
      sendJson(res, 200, {
        modules: [
          {
            versions: module.versions.map(version => ({
              version,
              root: { providers: [], dependencies: [] },
              submodules: [],
            })),
          },
        ],
      });
      return;
    }
    if (
      module &&
      parts.length === 5 &&
      parts[4] === 'download' &&
      module.versions.includes(parts[3])
    ) {
      const tag = module.tagPattern.replace('{version}', parts[3]);
      res.writeHead(204, {
        'X-Terraform-Get': `${module.source}?ref=${encodeURIComponent(tag)}`,
      });
      res.end();
      return;
    }
    sendJson(res, 404, { errors: ['Not Found'] });
  };
}

/**
 * Serves the modules `file` (the demo's `terraform-registry/modules.yaml`) lists as a Terraform
 * module registry on the loopback interface, so that the demo's registry channel and the
 * services installing modules from it work offline. Port 0 picks a free port; a taken port is
 * logged and `undefined` returned.
 */
export async function startDemoTerraformRegistry(options: {
  file: string;
  port: number;
  logger: LoggerService;
}): Promise<LoopbackServer | undefined> {
  const server = http.createServer(
    createTerraformRegistryHandler(await readModules(options.file)),
  );
  return listenOnLoopback(server, {
    port: options.port,
    logger: options.logger,
    name: 'demo Terraform module registry',
  });
}
