import type { SchemaProperty } from '@platform-portal/plugin-platform-common';
import { claimSpec } from './claimSpec';

/** The spec of the demo XRD's v1beta1, as the engine reads it. */
const V1BETA1: SchemaProperty[] = [
  {
    name: 'region',
    type: 'string',
    required: true,
    enum: ['eu-west-1', 'eu-central-1'],
  },
  { name: 'storageGB', type: 'integer', required: false, default: 20 },
  { name: 'version', type: 'string', required: true, default: '16' },
  { name: 'tags', type: 'object', required: false },
  { name: 'compositionRef', type: 'object', required: false },
];

describe('claimSpec', () => {
  const at = 'postgresql 1.1.0';

  it('writes what is set and each required property, in the order of the schema', () => {
    expect(
      claimSpec(at, V1BETA1, { storageGB: 50, region: 'eu-central-1' }),
    ).toEqual({ region: 'eu-central-1', storageGB: 50, version: '16' });
    expect(
      Object.keys(
        claimSpec(at, V1BETA1, { storageGB: 50, region: 'eu-west-1' }),
      ),
    ).toEqual(['region', 'storageGB', 'version']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a required property without value or default',
      {},
      "postgresql 1.1.0 requires 'region', which is not set",
    ],
    [
      'a value outside the enum',
      { region: 'us-east-1' },
      '\'region\' of postgresql 1.1.0 must be one of "eu-west-1", "eu-central-1"',
    ],
    [
      'a fraction for an integer',
      { region: 'eu-west-1', storageGB: 1.5 },
      "'storageGB' of postgresql 1.1.0 must be of type integer",
    ],
    [
      'a list for an object',
      { region: 'eu-west-1', tags: ['a'] },
      "'tags' of postgresql 1.1.0 must be of type object",
    ],
    [
      'an unknown property',
      { region: 'eu-west-1', size: 'xl' },
      "'size' is not a spec property of postgresql 1.1.0; it has region, storageGB, version, tags",
    ],
    [
      'a field Crossplane writes itself',
      { region: 'eu-west-1', compositionRef: { name: 'x' } },
      "'compositionRef' is not a spec property of postgresql 1.1.0; it has region, storageGB, version, tags",
    ],
  ])('refuses %s, naming module and property', (_, inputs, message) => {
    expect(() => claimSpec(at, V1BETA1, inputs)).toThrow(message);
  });
});
