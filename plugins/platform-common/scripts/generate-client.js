#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// Writes src/generated/openapi.ts, the types of the platform backend's API, from the backend's
// src/schema/openapi.yaml, so that every client of the API is typed by the spec itself.
const fs = require('node:fs');
const path = require('node:path');
const { default: openapiTS, astToString } = require('openapi-typescript');
const prettier = require('prettier');
const prettierConfig = require('@backstage/cli/config/prettier');

const specPath = path.resolve(
  __dirname,
  '../../platform-backend/src/schema/openapi.yaml',
);
const outputPath = path.resolve(__dirname, '../src/generated/openapi.ts');

const header = `//
// Generated from plugins/platform-backend/src/schema/openapi.yaml by \`yarn generate:client\`
// in plugins/platform-common. Do not edit.
//
`;

/** The generated module for the spec's YAML text. */
async function render(yamlText) {
  const ast = await openapiTS(yamlText, { silent: true });
  // platform-common exports these types, and its API report wants every export tagged and only
  // TSDoc tags in comments.
  const types = astToString(ast)
    .replace(/^export (interface|type) /gm, '/** @public */\nexport $1 ')
    .replace(/^\s*\/\*\* @enum \{string\} \*\/\n/gm, '')
    .replace(/^\s*\* @enum \{string\}\n/gm, '')
    .replace(/@description /g, '');
  return prettier.format(`${header}\n${types}`, {
    ...prettierConfig,
    parser: 'typescript',
  });
}

if (require.main === module) {
  render(fs.readFileSync(specPath, 'utf8')).then(
    text => fs.writeFileSync(outputPath, text),
    error => {
      process.stderr.write(`${error}\n`);
      process.exitCode = 1;
    },
  );
}

module.exports = { render, specPath, outputPath };
