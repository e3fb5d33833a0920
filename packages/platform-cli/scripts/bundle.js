/* eslint-disable no-restricted-syntax */
// Builds the command as it ships: the scan bundle runs without the repository's TypeScript
// tooling, and the @internal packages it uses are private, so they are bundled in.
//
//   dist/platform-scan.cjs  the command
//   dist/scan-worker.cjs    what each worker thread of the scan pool runs: the extractors only,
//                           so a worker is ready sooner than one loading the whole command
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

async function bundle(outdir = path.join(root, 'dist')) {
  // Nothing left from an earlier build is shipped with this one.
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      'platform-scan': 'src/index.ts',
      'scan-worker': 'src/scanWorkerEntry.ts',
    },
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
  return {
    command: path.join(outdir, 'platform-scan.cjs'),
    worker: path.join(outdir, 'scan-worker.cjs'),
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
