#!/usr/bin/env node
/* eslint-disable no-restricted-syntax, no-console */
// @ts-check
// Writes docs/configuration.md: every `platform.*` key the packages declare in their config.d.ts,
// read through @backstage/config-loader's schema loading (the same compiler `backstage-cli`
// uses when it packs a package), so the reference cannot say what the schema does not.
//
//   node docs/generateConfigurationReference.js           writes docs/configuration.md
//   node docs/generateConfigurationReference.js --check   exits 1 when it is out of date
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const REFERENCE_PATH = path.join(__dirname, 'configuration.md');
const GENERATOR = 'docs/generateConfigurationReference.js';

/** The workspace packages that declare configuration (`configSchema` in package.json). */
function packagesWithConfigSchema(root = ROOT) {
  return ['plugins', 'packages'].flatMap(dir =>
    fs
      .readdirSync(path.join(root, dir))
      .map(name => path.join(root, dir, name, 'package.json'))
      .filter(file => fs.existsSync(file))
      .filter(file => JSON.parse(fs.readFileSync(file, 'utf8')).configSchema),
  );
}

/**
 * The packages' config schemas as JSON schema, one entry per package.
 * @returns {Promise<Array<{ packageName: string, value: any }>>}
 */
async function loadSchemas(root = ROOT) {
  const { loadConfigSchema } = require('@backstage/config-loader');
  const schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: packagesWithConfigSchema(root),
    // Only this repository's declarations: Backstage's own keys are documented by Backstage.
    excludePackageDependencies: true,
  });
  return schema.serialize().schemas;
}

/**
 * @typedef {{ key: string, type: string, description: string, required: boolean,
 *   secret: boolean, packages: string[] }} ConfigKey
 */

/**
 * Backstage's own task schedule type (`frequency`, `timeout`, ...), which config.d.ts files
 * import: one key of type "task schedule", its fields documented by Backstage.
 */
function isTaskSchedule(node) {
  return Boolean(node?.properties?.frequency && node.properties.timeout);
}

function describeType(node) {
  if (!node) return 'any';
  if (isTaskSchedule(node)) {
    return 'task schedule ({ frequency, timeout, initialDelay, scope })';
  }
  if (node.$ref) return node.$ref.split('/').pop();
  if (node.enum) return node.enum.map(v => JSON.stringify(v)).join(' or ');
  if (node.anyOf) return node.anyOf.map(describeType).join(' or ');
  if (node.type === 'array') {
    const item = describeType(node.items);
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (node.type === 'object' && !node.properties) return 'object';
  return Array.isArray(node.type) ? node.type.join(' or ') : node.type ?? 'any';
}

function oneLine(text) {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Every key below `platform`, depth first: objects with properties are keys too (a section), and
 * an array of objects lists its items' keys as `key[].name`.
 * @returns {ConfigKey[]}
 */
function collectKeys(schemas) {
  /** @type {Map<string, ConfigKey>} */
  const keys = new Map();
  const visit = (node, key, required, packageName) => {
    const known = keys.get(key);
    if (known) {
      if (!known.packages.includes(packageName))
        known.packages.push(packageName);
      known.description ||= oneLine(node.description);
    } else {
      keys.set(key, {
        key,
        type: describeType(node),
        description: oneLine(node.description),
        required,
        secret: node.visibility === 'secret',
        packages: [packageName],
      });
    }
    const objectNode = node.type === 'array' ? node.items : node;
    if (objectNode?.properties && !isTaskSchedule(objectNode)) {
      const prefix = node.type === 'array' ? `${key}[]` : key;
      for (const [name, child] of Object.entries(objectNode.properties)) {
        const isRequired = (objectNode.required ?? []).includes(name);
        visit(child, `${prefix}.${name}`, isRequired, packageName);
      }
    }
  };
  // The loader answers the packages in the order their schemas finished loading: sorted, the
  // reference comes out the same on every run.
  const byPackage = [...schemas].sort((a, b) =>
    a.packageName.localeCompare(b.packageName),
  );
  for (const { packageName, value } of byPackage) {
    const platform = value?.properties?.platform;
    if (platform) visit(platform, 'platform', false, packageName);
  }
  return [...keys.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function escapeCell(text) {
  return text.replace(/\|/g, '\\|');
}

/** The section a key is listed under: `platform.<first>` for nested keys, else `platform`. */
function sectionOf(key) {
  const parts = key.split('.');
  return parts.length > 2
    ? parts.slice(0, 2).join('.').replace(/\[\]$/, '')
    : 'platform';
}

/** @param {ConfigKey[]} keys */
function renderReference(keys) {
  const byKey = new Map(keys.map(k => [k.key, k]));
  // A key of platform with keys of its own gets a section; the other keys of platform share one.
  const sections = new Map([['platform', []]]);
  for (const k of keys) {
    const section = sectionOf(k.key);
    if (section !== 'platform' && !sections.has(section)) {
      sections.set(section, []);
    }
  }
  for (const k of keys) {
    if (k.key === 'platform' || sections.has(k.key)) continue;
    sections.get(sectionOf(k.key)).push(k);
  }
  const lines = [
    '# Configuration reference',
    '',
    `<!-- Generated by ${GENERATOR} from the packages' config.d.ts files: do not edit by hand. -->`,
    '',
    'Every `platform.*` key the Platform Portal packages declare in their `config.d.ts` (the',
    'schema Backstage validates `app-config` against), with the package that reads it. Keys are',
    'optional unless marked **required**; a `[]` in a key is one item of a list. Values marked',
    '**secret** are never sent to the browser. Regenerate this file with',
    `\`node ${GENERATOR}\`; a test in \`@platform-portal/plugin-platform-common\``,
    'fails when a declared key is missing here.',
    '',
  ];
  for (const [section, rows] of sections) {
    const own = section === 'platform' ? undefined : byKey.get(section);
    lines.push(`## \`${section}\``, '');
    const intro = own ?? byKey.get('platform');
    if (intro?.description) lines.push(intro.description, '');
    if (own)
      lines.push(
        `Declared by ${own.packages.map(p => `\`${p}\``).join(', ')}.`,
        '',
      );
    lines.push('| Key | Type | Description |', '| --- | --- | --- |');
    for (const row of rows) {
      const marks = [
        row.required ? '**required**' : '',
        row.secret ? '**secret**' : '',
      ].filter(Boolean);
      const description = [
        ...marks,
        row.description,
        !own ? `(${row.packages.map(p => `\`${p}\``).join(', ')})` : '',
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(
        `| \`${row.key}\` | ${escapeCell(row.type)} | ${escapeCell(
          description,
        )} |`,
      );
    }
    lines.push('');
  }
  // Formatted as the repository's Prettier check wants it, so a regenerated file passes as is.
  const prettier = require('prettier');
  return prettier.format(lines.join('\n'), {
    ...prettier.resolveConfig.sync(REFERENCE_PATH),
    parser: 'markdown',
  });
}

/**
 * The declared keys the reference does not name, each as it would be written (`platform.a.b`).
 * @param {ConfigKey[]} keys
 * @param {string} markdown
 */
function findMissingKeys(keys, markdown) {
  return keys
    .map(k => k.key)
    .filter(key => key !== 'platform' && !markdown.includes(`\`${key}\``));
}

async function main() {
  const reference = renderReference(collectKeys(await loadSchemas()));
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(REFERENCE_PATH)
      ? fs.readFileSync(REFERENCE_PATH, 'utf8')
      : '';
    if (current !== reference) {
      console.error(
        `docs/configuration.md is out of date: run node ${GENERATOR}`,
      );
      process.exitCode = 1;
    }
    return;
  }
  fs.writeFileSync(REFERENCE_PATH, reference);
}

module.exports = {
  REFERENCE_PATH,
  loadSchemas,
  collectKeys,
  renderReference,
  findMissingKeys,
};

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
