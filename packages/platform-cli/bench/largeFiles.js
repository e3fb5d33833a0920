#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// node packages/platform-cli/bench/largeFiles.js [--blocks N] [--documents N] [--runs N]
//
// The single-file bounds: writes a Terraform file of N module blocks (40,000 unless set: about
// 4 MB) and a YAML file of N documents (40,000: about 4.8 MB), each alone in a directory, scans
// each with the command as built to ship, and prints wall time, CPU time, peak RSS and the
// references found. The bounds to hold: under 2 s and under 200 MB each.
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

module.exports = { terraformFile, yamlFile };

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : Number(args[i + 1]);
  };
  const blocks = flag('--blocks', 40000);
  const documents = flag('--documents', 40000);
  const runs = flag('--runs', 1);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-large-'));
  const trees = [
    ['main.tf', terraformFile(blocks), `${blocks} module blocks`],
    ['claims.yaml', yamlFile(documents), `${documents} YAML documents`],
  ];
  const cli = buildCommand();
  for (const [name, text, what] of trees) {
    const dir = path.join(root, name.replace(/\..*$/, ''));
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, name), text);
    const output = path.join(root, `${name}.json`);
    for (let run = 0; run < runs; run++) {
      const { seconds, rssKb, cpuMs } = runMeasured(cli, [
        'scan',
        dir,
        '--format',
        'json',
        '--output',
        output,
      ]);
      const report = JSON.parse(fs.readFileSync(output, 'utf8'));
      const rss = rssKb / 1024;
      const cpu = cpuMs / 1000;
      console.log(
        `${name} (${what}, ${(text.length / 1024 / 1024).toFixed(
          1,
        )} MB): ${seconds.toFixed(2)} s, CPU ${cpu.toFixed(
          2,
        )} s, peak RSS ${rss.toFixed(0)} MB, ${
          report.references.length
        } references, ${report.problems.length} problems`,
      );
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
}
