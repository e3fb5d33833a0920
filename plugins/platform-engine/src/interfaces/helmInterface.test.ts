import { fixtureFiles } from './__fixtures__/readFixture';
import { extractHelmInterface } from './helmInterface';

const release = { module: 'web-service', tag: 'web-service-1.4.0' };

describe('extractHelmInterface', () => {
  it('reads the properties, types, required marks and defaults of values.schema.json', () => {
    const chart = extractHelmInterface(
      fixtureFiles('chart-with-schema'),
      release,
    );
    expect(chart.hasSchema).toBe(true);
    expect(chart.properties).toEqual([
      {
        name: 'replicaCount',
        type: 'integer',
        required: false,
        default: 2,
        description: 'Number of pods',
      },
      {
        name: 'image',
        type: 'object',
        required: true,
        properties: [
          { name: 'repository', type: 'string', required: true },
          { name: 'tag', type: 'string', required: false, default: '' },
          {
            name: 'pullPolicy',
            type: 'string',
            required: false,
            enum: ['Always', 'IfNotPresent', 'Never'],
            default: 'IfNotPresent',
          },
        ],
      },
      {
        name: 'ingress',
        type: 'object',
        required: false,
        properties: [
          { name: 'enabled', type: 'boolean', required: false, default: false },
          { name: 'host', type: 'string|null', required: false },
        ],
      },
    ]);
  });

  it('says a chart without values.schema.json has no schema', () => {
    expect(
      extractHelmInterface(fixtureFiles('chart-without-schema'), release),
    ).toEqual({ kind: 'helm', hasSchema: false, properties: [] });
  });

  it('names module, tag and file of a schema that is not JSON', () => {
    expect(() =>
      extractHelmInterface(
        [{ path: 'values.schema.json', content: '{"properties": {' }],
        release,
      ),
    ).toThrow(
      /^web-service@web-service-1\.4\.0: values\.schema\.json: not valid JSON/,
    );
  });
});
