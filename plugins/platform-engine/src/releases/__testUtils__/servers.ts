import {
  execFile,
  execFileSync,
  spawn,
  ChildProcess,
} from 'node:child_process';
import crypto from 'node:crypto';
import { promises as fs, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { freePort } from '../../testUtils/freePort';

const execFileAsync = promisify(execFile);

/** @public */
export const REGISTRY_BINARY = '/usr/bin/docker-registry';

/**
 * A local HTTP server on a free port, recording the requests it saw.
 *
 * @public
 */
export interface LocalServer {
  url: string;
  host: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

/** @public */
export async function startHttpServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  options: { tls?: { key: string; cert: string } } = {},
): Promise<LocalServer> {
  const requests: http.IncomingMessage[] = [];
  const sockets = new Set<net.Socket>();
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push(req);
    handler(req, res);
  };
  const server = options.tls
    ? https.createServer(options.tls, listener)
    : http.createServer(listener);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(socket => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** A self-signed key and certificate made by openssl in `dir`. */
async function makeCertificate(
  dir: string,
  subject: string,
  ...extraArgs: string[]
): Promise<{ keyFile: string; certFile: string }> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    subject,
    ...extraArgs,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  return { keyFile, certFile };
}

let localCertificate: Promise<{ key: string; cert: string }> | undefined;

/**
 * The same over HTTPS, with a certificate for 127.0.0.1 made by openssl and trusted by this
 * process's fetch: what a client does over HTTPS (and what it will not do over plain HTTP) is
 * tested on a real TLS connection.
 *
 * @public
 */
export async function startHttpsServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<LocalServer> {
  localCertificate ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'https-test-'));
    const { keyFile, certFile } = await makeCertificate(
      dir,
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    );
    const pair = {
      key: await fs.readFile(keyFile, 'utf8'),
      cert: await fs.readFile(certFile, 'utf8'),
    };
    await fs.rm(dir, { recursive: true, force: true });
    tls.setDefaultCACertificates([
      ...tls.getCACertificates('default'),
      pair.cert,
    ]);
    return pair;
  })();
  return startHttpServer(handler, { tls: await localCertificate });
}

/**
 * The Debian packages the real-registry tests need that this machine lacks.
 *
 * @public
 */
export function missingRegistryTools(): string[] {
  const missing: string[] = [];
  if (!existsSync(REGISTRY_BINARY)) {
    missing.push('docker-registry');
  }
  // OpenSSL 3 answers only `openssl version`, and fails on --version.
  for (const [tool, version] of [
    ['skopeo', '--version'],
    ['openssl', 'version'],
  ]) {
    try {
      execFileSync(tool, [version], { stdio: 'ignore' });
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

/**
 * `describe` for tests that need a real local registry. scripts/test.sh sets
 * PORTAL_SKIP_MISSING_TOOLS=1 on a machine where it could not install the tools, and names the
 * skip in its summary; anywhere else a missing tool fails the tests with what to install.
 *
 * @public
 */
export function describeWithRegistry(name: string, tests: () => void): void {
  // Chosen when called, not when imported: processes that import the test utilities outside a
  // test runner (the scanner's kill test starts a backend) have no `describe`, and need not
  // look for the registry's tools.
  const suite =
    missingRegistryTools().length &&
    process.env.PORTAL_SKIP_MISSING_TOOLS === '1'
      ? describe.skip
      : describe;
  suite(name, tests);
}

/**
 * Fails with the Debian packages to install when the registry or skopeo is missing.
 *
 * @public
 */
export async function requireRegistryTools(): Promise<void> {
  const missing = missingRegistryTools();
  if (missing.length) {
    throw new Error(
      `The OCI source is tested against a real local registry, but ${missing.join(
        ' and ',
      )} ${
        missing.length === 1 ? 'is' : 'are'
      } not installed. Install the Debian packages: apt-get install -y docker-registry skopeo openssl`,
    );
  }
}

/** @public */
export interface LocalRegistry {
  host: string;
  close(): Promise<void>;
}

/**
 * Debian's docker-registry on a free port with storage in a temporary directory.
 *
 * @public
 */
export async function startRegistry(
  options: {
    token?: {
      realm: string;
      service: string;
      issuer: string;
      certFile: string;
    };
  } = {},
): Promise<LocalRegistry> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'oci-registry-test-'));
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'storage')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${crypto.randomBytes(16).toString('hex')}`,
  ];
  if (options.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${options.token.realm}`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${options.token.certFile}`,
    );
  }
  const configFile = path.join(dir, 'config.yml');
  await fs.writeFile(configFile, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr += chunk;
  });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited at start: ${stderr}`);
    }
    const up = await fetch(`http://${host}/v2/`)
      .then(() => true)
      .catch(() => false);
    if (up) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return {
    host,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A one-image OCI layout on disk (a config with `created`, one empty layer), as `skopeo copy`
 * reads it; nothing comes from the network.
 *
 * @public
 */
export async function makeImageLayout(created: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'oci-layout-test-'));
  const sha = (data: Buffer) =>
    crypto.createHash('sha256').update(data).digest('hex');
  await fs.mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = async (data: Buffer) => {
    const hash = sha(data);
    await fs.writeFile(path.join(dir, 'blobs', 'sha256', hash), data);
    return { digest: `sha256:${hash}`, size: data.length };
  };
  const emptyTar = Buffer.alloc(1024);
  const layer = await put(zlib.gzipSync(emptyTar));
  const config = await put(
    Buffer.from(
      JSON.stringify({
        created,
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [`sha256:${sha(emptyTar)}`] },
      }),
    ),
  );
  const manifest = await put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          ...config,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            ...layer,
          },
        ],
      }),
    ),
  );
  await fs.writeFile(
    path.join(dir, 'oci-layout'),
    JSON.stringify({ imageLayoutVersion: '1.0.0' }),
  );
  await fs.writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'image' },
        },
      ],
    }),
  );
  return dir;
}

/**
 * Pushes the layout's image to `host/name:tag` with skopeo.
 *
 * @public
 */
export async function pushImage(
  layout: string,
  destination: string,
  credentials?: string,
): Promise<void> {
  await execFileAsync('skopeo', [
    // No policy.json is needed on the machine: the image is made by the test itself.
    '--insecure-policy',
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    ...(credentials ? ['--dest-creds', credentials] : []),
    `oci:${layout}:image`,
    `docker://${destination}`,
  ]);
}

/** @public */
export interface TokenServer extends LocalServer {
  certFile: string;
  service: string;
  issuer: string;
  realm: string;
  cleanup(): Promise<void>;
}

/**
 * A registry token service as the distribution spec describes it: it checks basic credentials
 * (or none, for repositories under `public/`), and signs a JWT granting the asked scope with a
 * key whose self-signed certificate the registry trusts.
 *
 * @public
 */
export async function startTokenServer(users: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'oci-token-test-'));
  const { keyFile, certFile } = await makeCertificate(
    dir,
    '/CN=test-token-issuer',
  );
  const key = await fs.readFile(keyFile, 'utf8');
  const certificate = new crypto.X509Certificate(
    await fs.readFile(certFile),
  ).raw.toString('base64');
  const service = 'test-registry';
  const issuer = 'test-issuer';
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');

  const server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let user: string | undefined;
    const authorization = req.headers.authorization ?? '';
    if (authorization.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(authorization.slice(6), 'base64')
        .toString('utf8')
        .split(':');
      if (users[name] !== rest.join(':')) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'incorrect username or password' }));
        return;
      }
      user = name;
    }
    const access = url.searchParams
      .getAll('scope')
      .map(scope => {
        const [type, name, actions] = scope.split(':');
        return { type, name, actions: actions.split(',') };
      })
      .filter(grant => user || grant.name.startsWith('public/'))
      .map(grant =>
        user
          ? grant
          : { ...grant, actions: grant.actions.filter(a => a === 'pull') },
      );
    const now = Math.floor(Date.now() / 1000);
    const header = encode({ alg: 'RS256', typ: 'JWT', x5c: [certificate] });
    const payload = encode({
      iss: issuer,
      sub: user ?? '',
      aud: url.searchParams.get('service'),
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: crypto.randomUUID(),
      access,
    });
    const signature = crypto
      .sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key)
      .toString('base64url');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token: `${header}.${payload}.${signature}`,
        expires_in: 300,
      }),
    );
  });
  return {
    ...server,
    certFile,
    service,
    issuer,
    realm: `${server.url}/token`,
    cleanup: async () => {
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  } satisfies TokenServer;
}
