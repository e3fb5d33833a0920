#!/usr/bin/env node
/* eslint-disable no-restricted-syntax, no-console */
// A read-only npm registry for one scope, serving the tarballs `yarn pack` made in a directory:
// `node scripts/check-adopt-registry.mjs <tarball dir> <port>`.
//
// The adoption check installs the packed plugins the way an adopter installs published ones: by
// name and semver range from a registry (the app's .yarnrc.yml routes only this scope here, the
// rest to the configured registry). So each package's dependencies on its siblings
// (`^0.1.0` once packed) resolve as they would after publishing, without `resolutions`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const [dir, portArg] = process.argv.slice(2);
if (!dir || !portArg) {
  console.error('usage: check-adopt-registry.mjs <tarball dir> <port>');
  process.exit(2);
}
const port = Number(portArg);
const base = `http://localhost:${port}`;

/** name -> { manifest, file, bytes } for every tarball in dir. */
const packages = new Map();
for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const tarball = path.join(dir, file);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  packages.set(manifest.name, {
    manifest,
    file,
    bytes: fs.readFileSync(tarball),
  });
}

function packument({ manifest, file, bytes }) {
  const published = fs.statSync(path.join(dir, file)).mtime.toISOString();
  return {
    name: manifest.name,
    'dist-tags': { latest: manifest.version },
    time: {
      created: published,
      modified: published,
      [manifest.version]: published,
    },
    versions: {
      [manifest.version]: {
        ...manifest,
        _id: `${manifest.name}@${manifest.version}`,
        dist: {
          // The path registries use, so the app's lockfile records no archive URL.
          tarball: `${base}/${manifest.name}/-/${manifest.name.split('/')[1]}-${
            manifest.version
          }.tgz`,
          shasum: createHash('sha1').update(bytes).digest('hex'),
          integrity: `sha512-${createHash('sha512')
            .update(bytes)
            .digest('base64')}`,
        },
      },
    },
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', base);
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(405, JSON.stringify({ error: 'read-only registry' }));
    return;
  }
  const tarball = /^\/(.+)\/-\/[^/]+\.tgz$/.exec(
    decodeURIComponent(url.pathname),
  );
  if (tarball) {
    const pkg = packages.get(tarball[1]);
    if (pkg) send(200, pkg.bytes, 'application/octet-stream');
    else send(404, JSON.stringify({ error: `no tarball for ${tarball[1]}` }));
    return;
  }
  const name = decodeURIComponent(url.pathname.slice(1));
  const pkg = packages.get(name);
  if (pkg) send(200, JSON.stringify(packument(pkg)));
  else send(404, JSON.stringify({ error: `no package ${name}` }));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${[...packages.keys()].join(', ')} on ${base}`);
});
