/* eslint-disable no-restricted-syntax */
// Builds the command as it ships: the scan bundle runs without the repository's TypeScript
// tooling, and the @internal packages it uses are private, so they are bundled in.
//
//   dist/platform-scan.cjs  the command
//   dist/scan-worker.cjs    what each worker thread of the scan pool runs: the extractors only,
//                           so a worker is ready sooner than one loading the whole command
//
// Each is a loader of a few lines that turns on Node.js's compile cache and then loads its
// bundle (dist/*-bundle.cjs): see compileCacheLoader.
//
// web-tree-sitter and the HCL grammar stay external: they load .wasm files next to their own
// code, so they are the only dependencies of the package as packed (scripts/pack.js).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
/** Packages the bundle loads at run time instead of carrying them. */
const EXTERNAL = ['web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl'];

/**
 * Bundles the `yaml` library's browser build in place of its Node.js build. They are the same
 * code, except that the Node.js build looks up `process.env.LOG_TOKENS` for every token it parses
 * (and warns through `process.emitWarning` where the browser build uses `console.warn`; the
 * scan asks for errors only). Without that lookup a large YAML file is read about a sixth faster.
 */
const yamlBrowserBuild = {
  name: 'yaml-browser-build',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, args => ({
      path: path.join(
        path.dirname(
          require.resolve('yaml/package.json', { paths: [args.resolveDir] }),
        ),
        'browser/index.js',
      ),
    }));
  },
};

/**
 * A loader that keeps the compiled code of `bundleFile` between runs, then loads it. Compiling
 * the command's bundle cost about 60 ms of every run, and as much again in each worker, a
 * twentieth of scanning a repository of a few hundred files. The cache must be turned on before
 * the bundle is loaded, hence a file of its own.
 *
 * The cache is kept in the user's own cache directory, not in the shared temporary directory
 * Node.js picks by default: compiled code read from there is run as it is, so a directory
 * another user could write must not hold it. NODE_COMPILE_CACHE names another directory and
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as for any Node.js program.
 */
function compileCacheLoader(bundleFile) {
  return `"use strict";
const { enableCompileCache } = require("node:module");
// Set, NODE_COMPILE_CACHE has turned the cache on already.
if (enableCompileCache && !process.env.NODE_COMPILE_CACHE) {
  const os = require("node:os");
  const path = require("node:path");
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  enableCompileCache(path.join(cacheHome, "platform-scan"));
}
module.exports = require(${JSON.stringify(`./${bundleFile}`)});
`;
}

/** The files of the build: each loader and the bundle it loads. */
const ENTRIES = {
  'platform-scan': 'src/index.ts',
  'scan-worker': 'src/scanWorkerEntry.ts',
};

async function bundle(outdir = path.join(root, 'dist')) {
  // Nothing left from an earlier build is shipped with this one.
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, source]) => [
        `${name}-bundle`,
        source,
      ]),
    ),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    define: { PLATFORM_SCAN_BUNDLE: 'true' },
    plugins: [yamlBrowserBuild],
    logLevel: 'warning',
  });
  for (const name of Object.keys(ENTRIES)) {
    fs.writeFileSync(
      path.join(outdir, `${name}.cjs`),
      compileCacheLoader(`${name}-bundle.cjs`),
    );
  }
  return {
    command: path.join(outdir, 'platform-scan.cjs'),
    worker: path.join(outdir, 'scan-worker.cjs'),
    bundles: Object.keys(ENTRIES).map(name =>
      path.join(outdir, `${name}-bundle.cjs`),
    ),
  };
}

module.exports = { bundle, EXTERNAL };

if (require.main === module) {
  bundle(process.argv[2] && path.resolve(process.argv[2])).then(
    ({ command }) =>
      console.log(`built ${path.relative(process.cwd(), command)}`),
    error => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
