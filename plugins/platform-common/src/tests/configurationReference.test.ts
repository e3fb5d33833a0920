import fs from 'node:fs';
import path from 'node:path';

type ConfigKey = { key: string; packages: string[] };
type SerializedSchema = { packageName: string; value: unknown };

// The generator is a plain script at the repository root (docs/), run without a build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference: {
  REFERENCE_PATH: string;
  loadSchemas(): Promise<SerializedSchema[]>;
  collectKeys(schemas: SerializedSchema[]): ConfigKey[];
  renderReference(keys: ConfigKey[]): string;
  findMissingKeys(keys: ConfigKey[], markdown: string): string[];
} = require(path.resolve(
  __dirname,
  '../../../../docs/generateConfigurationReference.js',
));

describe('the configuration reference (docs/configuration.md)', () => {
  let keys: ConfigKey[];
  let markdown: string;

  beforeAll(async () => {
    // Compiles every package's config.d.ts, as backstage-cli does when it packs one.
    keys = reference.collectKeys(await reference.loadSchemas());
    markdown = fs.readFileSync(reference.REFERENCE_PATH, 'utf8');
  }, 180_000);

  it('names every platform.* key a package declares in its config.d.ts', () => {
    expect(keys.map(k => k.key)).toEqual(
      expect.arrayContaining([
        'platform.git.rewrites',
        'platform.publish.localRoot',
        'platform.releaseChannels.registries[].password',
        'platform.permissions.adminGroups',
      ]),
    );
    expect(reference.findMissingKeys(keys, markdown)).toEqual([]);
  });

  it('is what the generator writes from the current config.d.ts files', () => {
    // A changed description or type shows here: run `node docs/generateConfigurationReference.js`.
    expect(markdown).toBe(reference.renderReference(keys));
  });

  it('reports a declared key the reference leaves out', () => {
    const declared = reference.collectKeys([
      {
        packageName: '@acme/plugin-example',
        value: {
          properties: {
            platform: {
              type: 'object',
              properties: {
                git: {
                  type: 'object',
                  properties: {
                    timeoutSeconds: { type: 'number' },
                    depth: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    const withoutDepth = markdown.replace(/`platform\.git\.depth`/g, '');
    expect(reference.findMissingKeys(declared, withoutDepth)).toEqual([
      'platform.git.depth',
    ]);
  });
});
