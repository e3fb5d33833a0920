import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CallCheck } from '@platform-portal/plugin-platform-common';
import {
  InterfacePlatform,
  ModuleInterfaceReader,
  checkReferenceCall,
  createDefaultExtractors,
  loadPlatform,
  resolveReferences,
  runGit,
  scanTree,
} from '@platform-portal/plugin-platform-engine';
import { createDemoRepositories } from './createDemoRepositories';
import { DEMO_PLATFORM_URL, demoHosts } from './__testUtils__/demoHosts';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** One module call of a demo service, checked against the release it pins. */
interface CheckedCall extends CallCheck {
  service: string;
  file: string;
  module: string;
  version: string;
}

// Builds the demo's git repositories and scans every service; a loaded machine needs time.
jest.setTimeout(120_000);

/**
 * The proof that the demo shows what its README says: every module call of every demo service,
 * read by the scanner's own extractors from the generated service repositories, is checked
 * against the interface of the release it pins, read from the generated platform repository at
 * that release's tag. Only the seeded calls have findings or face a breaking upgrade.
 */
describe('the module calls of the demo services', () => {
  let dir: string;
  let reader: ModuleInterfaceReader;
  const calls: CheckedCall[] = [];
  const unchecked: string[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-calls-'));
    const made = await createDemoRepositories({
      examplesDir: EXAMPLES,
      targetDir: path.join(dir, 'repositories'),
    });
    const hosts = demoHosts(path.join(dir, 'repositories'));
    const loaded = await loadPlatform(hosts, DEMO_PLATFORM_URL);
    const platform: InterfacePlatform = {
      url: loaded.url,
      snapshot: loaded.snapshot,
    };
    reader = new ModuleInterfaceReader({ hosts });
    const extractors = await createDefaultExtractors();
    for (const service of made.services) {
      const name = service.name.replace(/^acme\//, '');
      const checkout = path.join(dir, 'checkouts', name);
      await runGit(['clone', '--quiet', service.path, checkout]);
      const { references } = await scanTree(checkout, { extractors });
      const drifts = resolveReferences(references, loaded.snapshot);
      for (const [index, reference] of references.entries()) {
        const drift = drifts[index];
        if (!drift.module || !drift.version) {
          continue;
        }
        const where = `${name} ${reference.position.file} ${drift.module}@${drift.version}`;
        const check = await checkReferenceCall(
          reader,
          platform,
          reference,
          drift,
        );
        if (!check) {
          unchecked.push(where);
          continue;
        }
        calls.push({
          service: name,
          file: reference.position.file,
          module: drift.module,
          version: drift.version,
          ...check,
        });
      }
    }
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function describeCall(call: CheckedCall) {
    return `${call.service} ${call.file} ${call.module}@${call.version}`;
  }

  it('checks every call that pins a release, except the ones whose inputs are not all known', () => {
    expect(unchecked.sort()).toEqual([
      // A Helm dependency records no call: its values are in the parent chart's values.yaml.
      'fraud-detector charts/fraud-detector/Chart.yaml service-chart@1.0.0',
      // The block the syntax error cuts short would seem to lack the inputs after the error.
      'identity-service infra/environments/staging/main.tf rds@2.1.0',
      // A Terragrunt unit that includes another file may get inputs from it.
      'search-api infra/live/prod/eks/terragrunt.hcl eks@3.1.0',
      'search-api infra/live/prod/vpc/terragrunt.hcl vpc@2.1.1',
      'search-api infra/live/staging/eks/terragrunt.hcl eks@3.2.0',
      'search-api infra/live/staging/vpc/terragrunt.hcl vpc@2.1.1',
    ]);
    expect(calls.length).toBeGreaterThan(40);
  });

  it('finds only the seeded problems against the pinned releases', () => {
    expect(
      calls
        .filter(call => call.callFindings.length > 0)
        .map(call => ({
          call: describeCall(call),
          status: call.callStatus,
          findings: call.callFindings.map(f => `${f.finding} ${f.argument}`),
        })),
    ).toEqual([
      {
        // Someone wrote `enable_ipv6 = "yes"`; Terraform converts only "true" and "false".
        call: 'auth-gateway infra/environments/prod/main.tf vpc@2.0.0',
        status: 'broken',
        findings: ['wrong-type enable_ipv6'],
      },
      {
        // The call was copied from the workflow's v2, which took `tool`; v3 does not.
        call: 'checkout-web .github/workflows/ci.yml terraform-ci@3.1.0',
        status: 'broken',
        findings: ['unknown-argument tool'],
      },
      {
        // The call was moved to 2.x's `identifier`, the pin stayed at 1.8.0.
        call: 'ledger-service infra/environments/prod/main.tf rds@1.8.0',
        status: 'broken',
        findings: [
          'missing-required-input name',
          'unknown-argument identifier',
        ],
      },
    ]);
  });

  it('judges the upgrades to the latest releases, breaking only for the calls behind a major', () => {
    expect(
      calls
        .filter(call => call.callStatus === 'breaking-upgrade')
        .map(call => ({
          call: describeCall(call),
          to: call.upgrade?.to,
          needs: call.upgrade?.needs,
        })),
    ).toEqual([
      {
        call: 'billing-worker infra/environments/prod/main.tf vpc@1.2.0',
        to: '2.1.1',
        needs: [
          'needs `cidr` (new, required)',
          '`cidr_block` is removed',
          'output `database_subnet_group` is removed',
        ],
      },
      {
        call: 'billing-worker infra/environments/prod/main.tf rds@1.9.0',
        to: '2.1.0',
        needs: ['needs `identifier` (new, required)', '`name` is removed'],
      },
      {
        call: 'billing-worker infra/environments/staging/main.tf vpc@1.2.0',
        to: '2.1.1',
        needs: [
          'needs `cidr` (new, required)',
          '`cidr_block` is removed',
          'output `database_subnet_group` is removed',
        ],
      },
      {
        call: 'billing-worker infra/environments/staging/main.tf rds@1.9.0',
        to: '2.1.0',
        needs: ['needs `identifier` (new, required)', '`name` is removed'],
      },
      {
        call: 'search-crawler .github/workflows/ci.yml terraform-ci@2.0.0',
        to: '3.1.0',
        needs: ['`tool` is removed'],
      },
      {
        call: 'search-indexer infra/environments/prod/main.tf vpc@1.1.0',
        to: '2.1.1',
        needs: ['needs `cidr` (new, required)', '`cidr_block` is removed'],
      },
      {
        call: 'search-indexer infra/environments/prod/main.tf eks@1.4.0',
        to: '3.2.0',
        needs: [
          'needs `cluster_name` (new, required)',
          'needs `subnet_ids` (now required)',
          '`name` is removed',
        ],
      },
      {
        call: 'search-indexer infra/environments/staging/main.tf vpc@1.1.0',
        to: '2.1.1',
        needs: ['needs `cidr` (new, required)', '`cidr_block` is removed'],
      },
      {
        call: 'search-indexer infra/environments/staging/main.tf eks@2.3.0',
        to: '3.2.0',
        needs: ['needs `cluster_name` (new, required)', '`name` is removed'],
      },
    ]);
    // Every other call that is behind upgrades without a change to the call.
    const behind = calls.filter(
      call => call.upgrade && call.callStatus === 'ok',
    );
    expect(behind.length).toBeGreaterThan(5);
    for (const call of behind) {
      expect(`${describeCall(call)} ${call.upgrade!.needs}`).toBe(
        `${describeCall(call)} `,
      );
    }
  });

  it('reads each release once, however many calls pin it', () => {
    const releases = new Set(
      calls.map(call => `${call.module}@${call.version}`),
    );
    const latest = new Set(
      calls.flatMap(call =>
        call.upgrade ? [`${call.module}@${call.upgrade.to}`] : [],
      ),
    );
    expect(reader.reads).toBe(new Set([...releases, ...latest]).size);
  });
});
