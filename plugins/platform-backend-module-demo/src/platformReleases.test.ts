import {
  PlatformRelease,
  TreeFile,
  parseReleases,
  planPlatform,
} from './platformReleases';
import { stringify as stringifyYaml } from 'yaml';

function file(path: string, content = path): TreeFile {
  return { path, content: Buffer.from(content), executable: false };
}

function names(files: TreeFile[] | undefined) {
  return files?.map(f => `${f.path}=${f.content.toString()}`);
}

const MODULES = new Map([
  ['vpc', 'modules/vpc'],
  ['dns', 'modules/dns/'],
  ['ci', '.github/workflows/terraform.yml'],
]);

const FILES = [
  file('platform.yaml'),
  file('releases.yaml'),
  file('README.md'),
  file('modules/vpc/variables.tf', 'variable "cidr" {}'),
  file('modules/vpc/main.tf', 'current main'),
  file('modules/dns/variables.tf'),
  file('.github/workflows/terraform.yml', 'v3 inputs'),
  file('history/vpc/1.0.0/variables.tf', 'variable "cidr_block" {}'),
  file('history/vpc/2.0.0/variables.tf', 'variable "cidr" {}'),
  file('history/vpc/2.0.0/main.tf', 'old main'),
  file('history/ci/2.0.0/terraform.yml', 'v2 inputs'),
];

function release(
  tag: string,
  module?: string,
  files?: string,
): PlatformRelease {
  return {
    tag,
    date: '2025-01-01T00:00:00Z',
    module,
    change: `Release ${tag}.`,
    ...(files ? { files } : {}),
  };
}

/** A releases.yaml listing these entries. */
function releasesYaml(...entries: Array<Record<string, string>>): string {
  return stringifyYaml({ releases: entries });
}

const FIRST_VPC = {
  tag: 'vpc/v1.0.0',
  date: '2024-10-07T10:00:00Z',
  module: 'vpc',
  change: 'First release.',
};

describe('parseReleases', () => {
  it('reads the files folder a release names', () => {
    const second = {
      tag: 'vpc/v2.0.0',
      date: '2025-06-02T10:00:00Z',
      module: 'vpc',
      change: 'cidr_block is renamed cidr.',
    };
    expect(
      parseReleases(
        releasesYaml({ ...FIRST_VPC, files: 'history/vpc/1.0.0' }, second),
      ),
    ).toEqual([{ ...FIRST_VPC, files: 'history/vpc/1.0.0' }, second]);
  });

  it.each([
    '../secrets',
    'history/../modules/vpc',
    'history/./vpc',
    '/etc/history',
    'history',
    'history/',
    'modules/vpc',
    'history//vpc',
    'history/vpc\\1.0.0',
  ])('refuses files %j that are not a folder below history/', files => {
    expect(() => parseReleases(releasesYaml({ ...FIRST_VPC, files }))).toThrow(
      `releases.yaml entry 1: files ${JSON.stringify(
        files,
      )} must be a folder below history/`,
    );
  });

  it('reads the notes a release is annotated with, and refuses notes that are no text', () => {
    const notes =
      'IPv6 dual stack.\n\n**Breaking:** `cidr_block` is renamed `cidr`.\n';
    expect(parseReleases(releasesYaml({ ...FIRST_VPC, notes }))).toEqual([
      { ...FIRST_VPC, notes },
    ]);
    for (const bad of [' ', 42]) {
      expect(() =>
        parseReleases(
          stringifyYaml({ releases: [{ ...FIRST_VPC, notes: bad }] }),
        ),
      ).toThrow('releases.yaml entry 1: notes must be text');
    }
  });

  it('refuses files that name no module', () => {
    const { module, ...withoutModule } = FIRST_VPC;
    expect(() =>
      parseReleases(
        releasesYaml({ ...withoutModule, files: 'history/root/1.0.0' }),
      ),
    ).toThrow(
      'releases.yaml entry 1: files history/root/1.0.0 needs the module they belong to',
    );
  });
});

describe('planPlatform', () => {
  it('leaves a module with a history out of the first commit and commits each release its files', () => {
    const plan = planPlatform(
      FILES,
      [
        release('vpc/v1.0.0', 'vpc', 'history/vpc/1.0.0'),
        release('v2.0.0', 'ci', 'history/ci/2.0.0'),
        release('dns/v1.0.0', 'dns'),
        release('vpc/v2.0.0', 'vpc', 'history/vpc/2.0.0'),
        release('v3.0.0', 'ci'),
        release('vpc/v2.1.0', 'vpc'),
        release('v1.0.0'),
      ],
      MODULES,
    );
    // releases.yaml and history/ are never committed; dns has no history and is there from the start.
    expect(plan.initial.map(f => f.path)).toEqual([
      'platform.yaml',
      'README.md',
      'modules/dns/variables.tf',
    ]);
    expect(
      plan.steps.map(step => [
        step.release.tag,
        step.moduleFiles?.path,
        step.moduleFiles?.single,
        names(step.moduleFiles?.files),
      ]),
    ).toEqual([
      [
        'vpc/v1.0.0',
        'modules/vpc',
        false,
        ['variables.tf=variable "cidr_block" {}'],
      ],
      [
        'v2.0.0',
        '.github/workflows/terraform.yml',
        true,
        ['terraform.yml=v2 inputs'],
      ],
      ['dns/v1.0.0', undefined, undefined, undefined],
      [
        'vpc/v2.0.0',
        'modules/vpc',
        false,
        ['variables.tf=variable "cidr" {}', 'main.tf=old main'],
      ],
      [
        'v3.0.0',
        '.github/workflows/terraform.yml',
        true,
        ['terraform.yml=v3 inputs'],
      ],
      [
        'vpc/v2.1.0',
        'modules/vpc',
        false,
        ['variables.tf=variable "cidr" {}', 'main.tf=current main'],
      ],
      ['v1.0.0', undefined, undefined, undefined],
    ]);
  });

  it.each([
    {
      refused:
        'a release with files after one with the current files of the module',
      releases: [
        release('vpc/v1.0.0', 'vpc'),
        release('vpc/v2.0.0', 'vpc', 'history/vpc/2.0.0'),
      ],
      error:
        'release vpc/v2.0.0 names files history/vpc/2.0.0, but the earlier release vpc/v1.0.0 already has the current files of vpc',
    },
    {
      refused: 'a module whose every release names files',
      releases: [release('vpc/v1.0.0', 'vpc', 'history/vpc/1.0.0')],
      error:
        'every release of vpc names files; its latest release must name none',
    },
    {
      refused: 'files that hold nothing',
      releases: [
        release('vpc/v1.0.0', 'vpc', 'history/vpc/0.9.0'),
        release('vpc/v2.0.0', 'vpc'),
      ],
      error:
        'release vpc/v1.0.0 names files history/vpc/0.9.0, which hold no files',
    },
    {
      refused: 'a module the manifest does not list',
      releases: [release('eks-v1.0.0', 'eks', 'history/eks/1.0.0')],
      error:
        'release eks-v1.0.0 names module eks, which platform.yaml does not list',
    },
    {
      refused: 'files for a one-file module that hold more than one file',
      files: [...FILES, file('history/ci/2.0.0/extra.yml')],
      releases: [
        release('v2.0.0', 'ci', 'history/ci/2.0.0'),
        release('v3.0.0', 'ci'),
      ],
      error:
        'release v2.0.0: ci is the one file .github/workflows/terraform.yml, so files history/ci/2.0.0 must hold exactly one file',
    },
    {
      refused: 'a history for a module that has no current files',
      files: FILES.filter(f => !f.path.startsWith('modules/vpc/')),
      releases: [release('vpc/v1.0.0', 'vpc', 'history/vpc/1.0.0')],
      error:
        'release vpc/v1.0.0 names files of vpc, but the platform has no current files at modules/vpc',
    },
  ])('refuses $refused, naming it', ({ files = FILES, releases, error }) => {
    expect(() => planPlatform(files, releases, MODULES)).toThrow(error);
  });
});
