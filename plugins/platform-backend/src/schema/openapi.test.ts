import fs from 'node:fs';
import path from 'node:path';
import { spec } from './openapi.generated';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { render } = require('../../scripts/generate-openapi');

describe('openapi.generated.ts', () => {
  it('is in step with openapi.yaml (run `yarn generate:openapi` after editing the spec)', () => {
    const yamlText = fs.readFileSync(
      path.join(__dirname, 'openapi.yaml'),
      'utf8',
    );
    const generated = fs.readFileSync(
      path.join(__dirname, 'openapi.generated.ts'),
      'utf8',
    );
    expect(generated).toBe(render(yamlText));
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/dependencies',
      '/drift',
      '/drift/export',
      '/entities/{kind}/{namespace}/{name}',
      '/entities/{kind}/{namespace}/{name}/release-channels',
      '/facets',
      '/health',
      '/modules',
      '/modules/{name}/adoption',
      '/modules/{name}/diff',
      '/modules/{name}/interface',
      '/modules/{name}/releases',
      '/release-channels',
      '/repositories',
      '/required-modules',
      '/scans',
      '/scans/latest',
      '/scans/{id}',
      '/source',
      '/source/files',
      '/summary',
      '/trends',
      '/upgrades',
      '/upgrades/campaigns/{id}',
      '/upgrades/preview',
    ]);
  });
});
