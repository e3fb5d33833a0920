import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  describeWithTerraform,
  requireTerraform,
} from '../testUtils/terraform';
import { hclLabel, hclValue } from './hclValue';

/** A value that would close a quoted string and the block around it, and interpolate. */
const BREAKOUT =
  'x"\n}\nresource "null_resource" "pwn" {\n  # ${file("/etc/passwd")} %{ if true }x%{ endif }\n';

/** Values of every kind the form sends, with what HCL gets for each. */
const CASES: Array<[string, unknown, string]> = [
  ['a string', '10.0.0.0/16', '"10.0.0.0/16"'],
  ['a number', 3, '3'],
  ['a fraction', -0.5, '-0.5'],
  ['a large number', 1e21, '1e+21'],
  ['a boolean', false, 'false'],
  ['null', null, 'null'],
  ['a list of strings', ['a', 'b'], '["a", "b"]'],
  ['an empty list', [], '[]'],
  [
    'a map',
    { team: 'orders', 'cost-center': 4711 },
    '{ "team" = "orders", "cost-center" = 4711 }',
  ],
  ['an empty map', {}, '{}'],
  [
    'a map of objects',
    { general: { instance_types: ['m6i.large'], min_size: 2 } },
    '{ "general" = { "instance_types" = ["m6i.large"], "min_size" = 2 } }',
  ],
  [
    'a string ending the string and the block',
    BREAKOUT,
    '"x\\"\\n}\\nresource \\"null_resource\\" \\"pwn\\" {\\n  # $${file(\\"/etc/passwd\\")} %%{ if true }x%%{ endif }\\n"',
  ],
  ['an escaped template sequence', '$${x} %%{y}', '"$$${x} %%%{y}"'],
  [
    'control characters HCL has no short escape for',
    'a\bb\fc\u0000d\u007fe\u2028f\tg\rh\\i',
    '"a\\u0008b\\u000cc\\u0000d\\u007fe\\u2028f\\tg\\rh\\\\i"',
  ],
  ['a key that is an expression', { '${var.x}': 1 }, '{ "$${var.x}" = 1 }'],
];

describe('hclValue', () => {
  it.each(CASES)(
    'writes %s as one HCL expression on one line',
    (_, value, hcl) => {
      expect(hclValue(value, 'x')).toBe(hcl);
      expect(hcl).not.toContain('\n');
    },
  );

  it.each<[string, unknown, string]>([
    ['a function', () => 1, "'tags' of vpc 2.1.1 is not a JSON value"],
    [
      'an infinite number',
      Infinity,
      "'tags' of vpc 2.1.1 is not a finite number",
    ],
    ['a date', new Date(0), "'tags' of vpc 2.1.1 is not a JSON value"],
    [
      'a list inside a value',
      { a: [undefined] },
      "'tags' of vpc 2.1.1.a[0] is not a JSON value",
    ],
    [
      'a value nested deeper than ten levels',
      JSON.parse(`${'['.repeat(12)}${']'.repeat(12)}`),
      "'tags' of vpc 2.1.1[0][0][0][0][0][0][0][0][0][0][0] nests deeper than 10 levels",
    ],
    [
      'a value too long for main.tf',
      'x'.repeat(70_000),
      "'tags' of vpc 2.1.1 is longer than 65536 characters",
    ],
  ])('refuses %s as bad input naming where it is', (_, value, message) => {
    let error: any;
    try {
      hclValue(value, "'tags' of vpc 2.1.1");
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(message);
  });

  it('labels a module block with what an identifier may hold', () => {
    expect(hclLabel('vpc')).toBe('vpc');
    expect(hclLabel('s3-bucket')).toBe('s3_bucket');
    expect(hclLabel('2fa')).toBe('_2fa');
    expect(hclLabel(BREAKOUT)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});

describeWithTerraform('hclValue, read back by the real terraform', () => {
  let dir: string;

  beforeAll(async () => {
    requireTerraform();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hcl-value-'));
    await fs.writeFile(path.join(dir, 'terraformrc'), '');
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('gives back every value as it was, with nothing interpolated', async () => {
    const values = CASES.map(([, value]) => value);
    // terraform console prints only the last expression it reads, and strings in its own
    // quoting: one expression, the values as one tuple, JSON in base64.
    const child = promisify(execFile)('terraform', ['console'], {
      cwd: dir,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc'),
        CHECKPOINT_DISABLE: '1',
      },
    });
    child.child.stdin!.end(
      `base64encode(jsonencode([${values
        .map(value => hclValue(value, 'x'))
        .join(', ')}]))\n`,
    );
    const { stdout } = await child;
    const decoded = JSON.parse(
      Buffer.from(JSON.parse(stdout.trim()), 'base64').toString('utf8'),
    );
    expect(decoded).toEqual(values);
  });
});
