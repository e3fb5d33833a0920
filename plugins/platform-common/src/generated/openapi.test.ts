import fs from 'node:fs';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const {
  render,
  specPath,
  outputPath,
} = require('../../scripts/generate-client');

describe('generated/openapi.ts', () => {
  it('is in step with the platform backend spec (run `yarn generate:client` in plugins/platform-common after editing it)', async () => {
    const expected = await render(fs.readFileSync(specPath, 'utf8'));
    expect(fs.readFileSync(outputPath, 'utf8')).toBe(expected);
  });
});
