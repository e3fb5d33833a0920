/* eslint-disable no-restricted-syntax */
// `node scripts/pack.js prepack|postpack`, run by `yarn pack` and publishing.
//
// The packed package holds the bundle (scripts/bundle.js), so its manifest must not ask for what
// the bundle carries: the @internal packages are private and could not be installed. prepack
// builds the bundle and writes the manifest as shipped, keeping the original beside it;
// postpack puts the original back.
const fs = require('node:fs');
const path = require('node:path');
const { bundle, EXTERNAL } = require('./bundle');

const root = path.resolve(__dirname, '..');
const manifestPath = path.join(root, 'package.json');
const backupPath = path.join(root, 'package.json-prepack');

/**
 * The manifest as shipped: the bundle as main, and as dependencies only the packages it leaves
 * external, at the versions the scanning library that uses them declares. Its scripts stay:
 * the package manager reads postpack from the manifest being packed.
 */
function shippedManifest(manifest, libraryManifest) {
  const dependencies = {};
  for (const name of EXTERNAL) {
    const version = libraryManifest.dependencies?.[name];
    if (!version) {
      throw new Error(
        `${libraryManifest.name} does not declare ${name}, which the bundle leaves external`,
      );
    }
    dependencies[name] = version;
  }
  const { devDependencies, types, ...rest } = manifest;
  return { ...rest, main: 'dist/platform-scan.cjs', dependencies };
}

async function prepack() {
  if (fs.existsSync(backupPath)) {
    throw new Error(`${backupPath} exists: a previous pack did not finish`);
  }
  await bundle();
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const library = JSON.parse(
    fs.readFileSync(
      require.resolve('@platform-portal/plugin-platform-engine/package.json'),
      'utf8',
    ),
  );
  fs.copyFileSync(manifestPath, backupPath);
  fs.writeFileSync(
    manifestPath,
    `${JSON.stringify(shippedManifest(manifest, library), null, 2)}\n`,
  );
}

function postpack() {
  if (fs.existsSync(backupPath)) {
    fs.renameSync(backupPath, manifestPath);
  }
}

module.exports = { shippedManifest };

if (require.main === module) {
  const step = process.argv[2];
  const run = { prepack, postpack }[step];
  if (!run) {
    console.error('usage: node scripts/pack.js prepack|postpack');
    process.exitCode = 2;
  } else {
    Promise.resolve(run()).catch(error => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
