import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Ajv, { ErrorObject } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { main } from '../main';

/** Runs `platform-scan` with the arguments; returns its exit code and what it printed. */
export async function runCli(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', chunk => (out += chunk));
  (stderr as unknown as PassThrough).on('data', chunk => (err += chunk));
  const code = await main(['node', 'platform-scan', ...args], {
    stdout,
    stderr,
  });
  return { code, out, err };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Where a JSON report breaks the documented schema/scan-report.schema.json; empty when it follows it. */
export function scanReportSchemaErrors(report: unknown): ErrorObject[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(
    readJson(path.resolve(__dirname, '../../schema/scan-report.schema.json')),
  );
  return validate(report) ? [] : validate.errors ?? [];
}

/** Where a SARIF log breaks the official SARIF 2.1.0 schema; empty when it validates. */
export function sarifSchemaErrors(sarif: unknown): ErrorObject[] {
  // The official schema is written in JSON Schema draft-04, and its language pattern is not
  // valid with the u flag, so patterns are compiled without it.
  const ajv = new AjvDraft04({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
  });
  addFormats(ajv);
  const validate = ajv.compile(
    readJson(
      require.resolve(
        '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
      ),
    ),
  );
  return validate(sarif) ? [] : validate.errors ?? [];
}
