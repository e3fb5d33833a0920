import fs from 'node:fs';
import path from 'node:path';

const { shippedManifest } = require('../scripts/pack.js');
const { EXTERNAL } = require('../scripts/bundle.js');

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('the packed manifest', () => {
  const manifest = read(path.resolve(__dirname, '../package.json'));
  const library = read(
    require.resolve('@platform-portal/plugin-platform-engine/package.json'),
  );

  it('asks only for what the bundle leaves external, at the scanning library`s versions', () => {
    const shipped = shippedManifest(manifest, library);
    expect(shipped.dependencies).toEqual({
      'web-tree-sitter': library.dependencies['web-tree-sitter'],
      '@tree-sitter-grammars/tree-sitter-hcl':
        library.dependencies['@tree-sitter-grammars/tree-sitter-hcl'],
    });
    expect(Object.keys(shipped.dependencies)).toEqual(EXTERNAL);
    expect(shipped).toMatchObject({
      name: manifest.name,
      main: 'dist/platform-scan.cjs',
      bin: { 'platform-scan': 'bin/platform-scan' },
      files: ['bin', 'dist'],
    });
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.scripts.postpack).toBe(manifest.scripts.postpack);
  });

  it('refuses a library that no longer declares an external package', () => {
    const { dependencies, ...rest } = library;
    expect(() =>
      shippedManifest(manifest, {
        ...rest,
        dependencies: { ...dependencies, 'web-tree-sitter': undefined },
      }),
    ).toThrow(/does not declare web-tree-sitter/);
  });
});
