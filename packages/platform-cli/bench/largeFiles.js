#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// node packages/platform-cli/bench/largeFiles.js [--blocks N] [--documents N] [--runs N]
//                                                [--command FILE] [--varied] [--commented]
//
// The single-file bounds: writes a Terraform file of N module blocks (40,000 unless set: about
// 4 MB) and a YAML file of N documents (40,000: about 4.6 MB), each alone in a directory, scans
// each with the command as built to ship, and prints wall time, CPU time, peak RSS and the
// references found. The bounds to hold: under 2 s and under 200 MB each.
//
// The claims of the YAML file repeat one shape (they differ in names and Composition names), and
// are block collections of one-line values: the scan reads such documents line by line instead of
// parsing each with the YAML library (and builds documents of a repeated shape that are not so
// simple from the first one). --varied adds a YAML file of as many documents that share no shape
// (each has a label key of its own: keys are part of a shape), read line by line too.
// --commented adds the same documents with a comment line each, before a key at its column, read
// line by line too (a comment at the end of a document, or at another column than the line after
// it, would still leave that document to the YAML library).
//
// --runs N runs each file N times, taking turns, and prints each run and the medians; the load
// average before and after says how busy the (shared) machine was. --command measures a command
// built earlier (platform-scan.cjs in a copy of an earlier build's dist directory, say, to compare
// with) instead of building one.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildCommand, runMeasured } = require('./command');

/** A Terraform file of `count` module blocks (about 100 bytes each): source, version, 2 inputs. */
function terraformFile(count) {
  const blocks = [];
  for (let i = 0; i < count; i++) {
    blocks.push(
      `module "m${i}" {\n  source = "acme/vpc/aws"\n  version = "1.${
        i % 50
      }.0"\n  name = "m${i}"\n  cidr = "10.0.0.0/16"\n}\n`,
    );
  }
  return blocks.join('');
}

/** A YAML file of `count` documents (about 120 bytes each): claims that select a Composition. */
function yamlFile(count) {
  const documents = [];
  for (let i = 0; i < count; i++) {
    documents.push(
      `apiVersion: acme.io/v1\nkind: Db\nmetadata:\n  name: d${i}\nspec:\n  region: eu-west-1\n  compositionRef:\n    name: db-${
        i % 9
      }\n`,
    );
  }
  return `---\n${documents.join('---\n')}`;
}

/** A YAML file of `count` claims like {@link yamlFile}'s, each with a label key of its own. */
function variedYamlFile(count) {
  const documents = [];
  for (let i = 0; i < count; i++) {
    documents.push(
      `apiVersion: acme.io/v1\nkind: Db\nmetadata:\n  name: d${i}\n  labels:\n    l${i}: x\nspec:\n  compositionRef:\n    name: db-${
        i % 9
      }\n`,
    );
  }
  return `---\n${documents.join('---\n')}`;
}

/**
 * {@link variedYamlFile}'s claims with a comment line each (an empty one, to stay under the size
 * limit), which goes to the key after it.
 */
function commentedYamlFile(count) {
  return variedYamlFile(count).replace(/^kind: Db$/gm, '#\nkind: Db');
}

module.exports = {
  terraformFile,
  yamlFile,
  variedYamlFile,
  commentedYamlFile,
};

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};

const loadAverage = () =>
  os
    .loadavg()
    .map(load => load.toFixed(1))
    .join(' ');

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = name => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const flag = (name, fallback) => Number(option(name) ?? fallback);
  const blocks = flag('--blocks', 40000);
  const documents = flag('--documents', 40000);
  const runs = flag('--runs', 1);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-large-'));
  const trees = [
    ['main.tf', terraformFile(blocks), `${blocks} module blocks`],
    ['claims.yaml', yamlFile(documents), `${documents} YAML documents`],
    ...(args.includes('--varied')
      ? [
          [
            'varied.yaml',
            variedYamlFile(documents),
            `${documents} YAML documents of no shared shape`,
          ],
        ]
      : []),
    ...(args.includes('--commented')
      ? [
          [
            'commented.yaml',
            commentedYamlFile(documents),
            `${documents} YAML documents of no shared shape, with comments`,
          ],
        ]
      : []),
  ].map(([name, text, what]) => {
    const dir = path.join(root, name.replace(/\..*$/, ''));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, name), text);
    const size = (text.length / 1024 / 1024).toFixed(1);
    return { name, dir, label: `${name} (${what}, ${size} MB)`, results: [] };
  });
  const cli = option('--command')
    ? path.resolve(option('--command'))
    : buildCommand();
  console.log(`load average before: ${loadAverage()}`);
  for (let run = 0; run < runs; run++) {
    for (const tree of trees) {
      const output = path.join(root, `${tree.name}.json`);
      const { seconds, rssKb, cpuMs } = runMeasured(cli, [
        'scan',
        tree.dir,
        '--format',
        'json',
        '--output',
        output,
      ]);
      const report = JSON.parse(fs.readFileSync(output, 'utf8'));
      const result = { seconds, cpu: cpuMs / 1000, rss: rssKb / 1024 };
      tree.results.push(result);
      console.log(
        `${tree.label}: ${seconds.toFixed(2)} s, CPU ${result.cpu.toFixed(
          2,
        )} s, peak RSS ${result.rss.toFixed(0)} MB, ${
          report.references.length
        } references, ${report.problems.length} problems`,
      );
    }
  }
  console.log(`load average after: ${loadAverage()}`);
  if (runs > 1) {
    for (const { label, results } of trees) {
      const of = key => median(results.map(result => result[key]));
      console.log(
        `median of ${runs}, ${label}: ${of('seconds').toFixed(2)} s, CPU ${of(
          'cpu',
        ).toFixed(2)} s, peak RSS ${of('rss').toFixed(0)} MB`,
      );
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
}
