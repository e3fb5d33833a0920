import {
  CallArgument,
  DriftResult,
  Reference,
} from '@platform-portal/plugin-platform-common';
import {
  parsePlatformManifest,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { testPlatformManifest } from '@platform-portal/plugin-platform-engine/testUtils';
import { createEvolvingPlatformRepository } from './__testUtils__/platformRepository';
import { checkCalls } from './checkCalls';
import { loadPlatform } from './loadPlatform';
import { ReportEntry } from './report/ScanReport';

const { manifest } = parsePlatformManifest(testPlatformManifest(['vpc']));

function reference(
  line: number,
  args: CallArgument[] = [{ name: 'name', value: 'orders' }],
): Reference {
  return {
    kind: 'terraform-module',
    position: { file: 'infra/main.tf', line, column: 12 },
    source:
      'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.0.0',
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    ref: 'vpc/v1.0.0',
    call: { arguments: args },
  };
}

describe('checkCalls', () => {
  it('turns a platform it cannot read into one problem at the first call, naming the platform as given', async () => {
    const references = [reference(2), reference(9)];
    const drift = {
      verdict: 'up-to-date' as const,
      module: 'vpc',
      version: '1.0.0',
      latest: '1.0.0',
      explanation: '',
    };
    const entries = references.map(() => ({} as ReportEntry));
    const problems = await checkCalls(
      references,
      [drift, drift],
      entries,
      {
        manifest: manifest!,
        tags: [{ name: 'vpc/v1.0.0', commit: 'a'.repeat(40) }],
      },
      {
        url: 'file:///tmp/platform-scan-x1y2z3/platform.git',
        // No host may read it.
        hosts: new RepositoryHosts([]),
        location: 'https://github.com/acme/platform.git',
      },
    );
    expect(problems).toEqual([
      {
        file: 'infra/main.tf',
        line: 2,
        column: 12,
        message:
          'the module call cannot be checked: vpc 1.0.0: no repository host may read the platform repository https://github.com/acme/platform.git',
      },
    ]);
    expect(entries.map(e => e.callStatus)).toEqual([undefined, undefined]);
  });

  it('gives references making the same call the same check, each its own copy, and tells apart values JSON would not', async () => {
    const platform = await loadPlatform(createEvolvingPlatformRepository());
    const drift: DriftResult = {
      verdict: 'major-behind',
      module: 'vpc',
      version: '1.0.0',
      latest: '2.1.1',
      explanation: '',
    };
    const gateway = (value: number | null) => [
      { name: 'name', value: 'orders' },
      { name: 'enable_nat_gateway', value },
    ];
    const references = [
      reference(2),
      reference(9, gateway(NaN)),
      reference(16),
      reference(23, gateway(null)),
    ];
    const check = async (refs: Reference[]) => {
      const entries = refs.map(() => ({} as ReportEntry));
      const problems = await checkCalls(
        refs,
        refs.map(() => drift),
        entries,
        platform.snapshot!,
        platform.repository!,
      );
      return { entries, problems };
    };
    try {
      const together = await check(references);
      expect(together.problems).toEqual([]);
      expect(together.entries.map(e => e.callStatus)).toEqual([
        'breaking-upgrade',
        'broken',
        'breaking-upgrade',
        'breaking-upgrade',
      ]);
      // As if each call were checked alone.
      for (const [i, one] of references.entries()) {
        expect(together.entries[i]).toEqual((await check([one])).entries[0]);
      }
      expect(together.entries[2].upgrade).not.toBe(together.entries[0].upgrade);
      expect(together.entries[2].callFindings).not.toBe(
        together.entries[0].callFindings,
      );
    } finally {
      await platform.close();
    }
  });
});
