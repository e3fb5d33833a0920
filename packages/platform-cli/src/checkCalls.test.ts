import { Reference } from '@platform-portal/plugin-platform-common';
import {
  parsePlatformManifest,
  RepositoryHosts,
} from '@platform-portal/plugin-platform-engine';
import { testPlatformManifest } from '@platform-portal/plugin-platform-engine/testUtils';
import { checkCalls } from './checkCalls';
import { ReportEntry } from './report/ScanReport';

const { manifest } = parsePlatformManifest(testPlatformManifest(['vpc']));

function reference(line: number): Reference {
  return {
    kind: 'terraform-module',
    position: { file: 'infra/main.tf', line, column: 12 },
    source:
      'git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.0.0',
    name: 'github.com/acme/platform//modules/vpc',
    pin: 'ref',
    ref: 'vpc/v1.0.0',
    call: { arguments: [{ name: 'name', value: 'orders' }] },
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
});
