import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { formatJson, jsonChunks } from './formatJson';
import { formatTable, tableChunks } from './formatTable';
import { ReportEntry } from './ScanReport';
import { writeChunks } from './writeChunks';
import { scanReport } from '../__testUtils__/scanReport';

function entry(i: number): ReportEntry {
  return {
    file: `envs/${i}/main.tf`,
    line: i + 1,
    column: 12,
    kind: 'terraform-module',
    source: `git::https://github.com/acme/platform.git//modules/vpc?ref=v1.${i}.0`,
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    ref: `v1.${i}.0`,
    module: 'vpc',
    // Left out of the JSON, as JSON.stringify leaves them out.
    latest: undefined,
    verdict: 'minor-behind',
    callFindings: [],
  };
}

const problems = [
  { file: 'a "quoted"\nname.tf', line: 2, message: 'bad\u2028' },
];

describe('the report written in pieces', () => {
  it('is JSON.stringify of the report, with any parts present or empty', () => {
    const many = scanReport({
      references: Array.from({ length: 3 }, (_, i) => entry(i)),
      problems,
    });
    const none = { ...scanReport({ references: [], problems: [] }) };
    const full = {
      ...many,
      platform: undefined,
      requiredModules: [],
      channels: [{ module: 'vpc', channels: [] } as any],
    };
    for (const report of [many, none, full]) {
      expect(formatJson(report)).toBe(
        `${JSON.stringify(
          {
            schemaVersion: 1,
            platform: report.platform ?? null,
            filesScanned: report.filesScanned,
            references: report.references,
            problems: report.problems,
            requiredModules: report.requiredModules,
            channels: report.channels,
          },
          null,
          2,
        )}\n`,
      );
      expect(JSON.parse(formatJson(report)).references).toHaveLength(
        report.references.length,
      );
    }
  });

  it('writes a large report to a file or a stream in pieces of about 64 KB, whole', () => {
    const report = scanReport({
      references: Array.from({ length: 2000 }, (_, i) => entry(i)),
      problems,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
    try {
      const file = path.join(dir, 'report.json');
      writeChunks(jsonChunks(report), { file, stream: new PassThrough() });
      expect(fs.readFileSync(file, 'utf8')).toBe(formatJson(report));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const stream = new PassThrough();
    const written: string[] = [];
    stream.on('data', data => written.push(String(data)));
    writeChunks(tableChunks(report), { stream });
    expect(written.join('')).toBe(formatTable(report));
    expect(written.length).toBeGreaterThan(1);
    expect(Math.max(...written.map(piece => piece.length))).toBeLessThan(
      70_000,
    );
  });
});
