import { fixture } from './__fixtures__/readFixture';
import { extractXrdInterface } from './xrdInterface';

const release = { module: 'postgres', tag: 'v1.0.0' };
const path = 'apis/postgres/definition.yaml';

function read(content: string) {
  return extractXrdInterface([{ path, content }], path, release);
}

describe('extractXrdInterface', () => {
  it('reads the kinds and each version with its spec properties', () => {
    const xrd = read(fixture('xrd/xpostgres-v1.yaml'));
    expect(xrd).toMatchObject({
      kind: 'xrd',
      group: 'database.example.org',
      compositeKind: 'XPostgreSQLInstance',
      claimKind: 'PostgreSQLInstance',
    });
    expect(xrd.versions).toEqual([
      {
        name: 'v1alpha1',
        served: true,
        referenceable: false,
        deprecated: true,
        properties: [
          {
            name: 'storageGB',
            type: 'integer',
            required: true,
            description: 'Allocated storage in GB',
          },
        ],
      },
      {
        name: 'v1beta1',
        served: true,
        referenceable: true,
        deprecated: false,
        properties: [
          {
            name: 'parameters',
            type: 'object',
            required: true,
            description: 'Database parameters',
            properties: [
              {
                name: 'storageGB',
                type: 'integer',
                required: true,
                default: 20,
              },
              {
                name: 'engineVersion',
                type: 'string',
                required: false,
                enum: ['15', '16', '17'],
                description: 'PostgreSQL major version',
              },
              { name: 'region', type: 'string', required: false },
            ],
          },
          {
            name: 'compositionSelector',
            type: 'object',
            required: false,
            properties: [
              { name: 'matchLabels', type: 'object', required: false },
            ],
          },
        ],
      },
    ]);
  });

  it('refuses a file that is not an XRD, naming module, tag and file', () => {
    expect(() =>
      read('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n'),
    ).toThrow(
      'postgres@v1.0.0: apis/postgres/definition.yaml: not a Crossplane CompositeResourceDefinition',
    );
  });

  it('names module, tag and file of an XRD nested deeper than the YAML limit', () => {
    const deep = `apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nspec: ${'['.repeat(
      500,
    )}${']'.repeat(500)}\n`;
    expect(() => read(deep)).toThrow(
      /^postgres@v1\.0\.0: apis\/postgres\/definition\.yaml: YAML nesting is deeper than 100 levels/,
    );
  });
});
