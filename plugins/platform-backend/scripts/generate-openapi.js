#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml so that the router's
// request and response types come from the spec. Stands in for
// `backstage-repo-tools package schema openapi generate --server`, whose generator needs a
// Java download that is not available everywhere; the output has the same shape.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const prettier = require('prettier');
const prettierConfig = require('@backstage/cli/config/prettier');

const schemaDir = path.resolve(__dirname, '../src/schema');

function render(yamlText) {
  const spec = parse(yamlText);
  return prettier.format(
    `//
// Generated from openapi.yaml by \`yarn generate:openapi\`. Do not edit.
//
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`,
    { ...prettierConfig, parser: 'typescript' },
  );
}

if (require.main === module) {
  const source = fs.readFileSync(path.join(schemaDir, 'openapi.yaml'), 'utf8');
  fs.writeFileSync(
    path.join(schemaDir, 'openapi.generated.ts'),
    render(source),
  );
}

module.exports = { render };
