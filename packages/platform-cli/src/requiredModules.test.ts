import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGitRepository } from '@platform-portal/plugin-platform-engine/testUtils';
import { fixturePlatformDir } from './__testUtils__/platformRepository';
import { runCli, scanReportSchemaErrors } from './__testUtils__/runCli';

const serviceDir = path.resolve(__dirname, '../fixtures/service');

/**
 * The fixture platform, whose platform.yaml also requires every service to call terraform-ci at
 * 3.1.0 or newer (the fixture service calls 3.0.0) and to be checked by a policies module (it
 * references none).
 */
function createRequiringPlatform(): string {
  const manifest = fs
    .readFileSync(path.join(fixturePlatformDir, 'platform.yaml'), 'utf8')
    .concat(
      '    - name: policies\n      kind: policy\n      path: policies\n      required: true\n',
    )
    .replace(
      '      path: .github/workflows/terraform.yml\n',
      "      path: .github/workflows/terraform.yml\n      required: { versions: '>= 3.1.0' }\n",
    );
  const tags = fs
    .readFileSync(path.join(fixturePlatformDir, 'TAGS'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return createGitRepository(
    fs.mkdtempSync(path.join(os.tmpdir(), 'platform-required-')),
    [
      {
        copies: { '.': fixturePlatformDir },
        files: { 'platform.yaml': manifest },
        tags,
        message: 'platform',
      },
    ],
  );
}

describe('platform-scan and required modules', () => {
  let platformDir: string;

  beforeAll(() => {
    platformDir = createRequiringPlatform();
  });
  afterAll(() => fs.rmSync(platformDir, { recursive: true, force: true }));

  const scan = (...args: string[]) =>
    runCli('scan', serviceDir, '--platform', platformDir, ...args);

  it('names each required module the tree misses or pins outside the range', async () => {
    const { code, out } = await scan();
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines.filter(line => line.startsWith('required '))).toEqual([
      'required required module terraform-ci must be >= 3.1.0; .github/workflows/ci.yml:6 pins 3.0.0',
      'required missing required module policies',
    ]);
    expect(lines.at(-2)).toContain(
      ', 2 required modules missing or outside the required releases',
    );
  });

  it('writes them into the JSON report, which still follows its schema', async () => {
    const { out } = await scan('--format', 'json');
    const report = JSON.parse(out);
    expect(scanReportSchemaErrors(report)).toEqual([]);
    expect(
      report.requiredModules.map(
        (finding: { module: string; problem: string }) =>
          `${finding.module} ${finding.problem}`,
      ),
    ).toEqual(['terraform-ci outside-range', 'policies missing']);
  });

  it('exits 1 on --fail-on required', async () => {
    expect((await scan('--fail-on', 'required')).code).toBe(1);
  });

  it('passes --fail-on required when the platform requires nothing the tree lacks', async () => {
    const plain = createGitRepository(
      fs.mkdtempSync(path.join(os.tmpdir(), 'platform-plain-')),
      [
        {
          copies: { '.': fixturePlatformDir },
          tags: fs
            .readFileSync(path.join(fixturePlatformDir, 'TAGS'), 'utf8')
            .split('\n')
            .filter(Boolean),
        },
      ],
    );
    try {
      const { code, out } = await runCli(
        'scan',
        serviceDir,
        '--platform',
        plain,
        '--fail-on',
        'required',
      );
      expect(code).toBe(0);
      expect(out).not.toContain('required ');
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
