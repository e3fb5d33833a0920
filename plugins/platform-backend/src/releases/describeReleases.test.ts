import { PlatformModule } from '@platform-portal/plugin-platform-common';
import { PlatformTag } from '@platform-portal/plugin-platform-node';
import { changelogSections } from './changelogSections';
import { describeReleases } from './describeReleases';

const vpc: PlatformModule = {
  name: 'vpc',
  kind: 'terraform-module',
  path: 'modules/vpc',
  tagPattern: 'vpc/v{version}',
  supportedMajors: 2,
  deprecations: [],
  upgrading: [{ major: 2, path: 'modules/vpc/UPGRADING.md' }],
};

function tag(name: string, date?: string, message?: string): PlatformTag {
  return {
    name,
    commit: `${name.replace(/\W/g, '')}`.padEnd(40, '0'),
    ...(date && { date }),
    ...(message && { message }),
  };
}

const tags = [
  tag('vpc/v1.0.0', '2024-01-10T10:00:00.000Z'),
  tag('vpc/v1.1.0', '2024-03-10T10:00:00.000Z', 'Flow logs'),
  tag('vpc/v2.0.0', '2024-06-01T10:00:00.000Z', 'cidr is required'),
  tag('vpc/v2.1.0', '2024-08-01T10:00:00.000Z'),
  tag('vpc/v3.0.0-rc.1', '2024-09-01T10:00:00.000Z'),
  tag('eks-v9.0.0', '2024-09-01T10:00:00.000Z', 'another module'),
  tag('vpc/v3.0.0', '2024-10-01T10:00:00.000Z'),
];

const fileUrl = (commit: string, path: string) =>
  `/platform/source?commit=${commit}&path=${path}`;

describe('describeReleases', () => {
  it('lists the releases newest first with dates and the tag message, else the changelog', () => {
    const { releases } = describeReleases({
      platform: 'acme',
      module: vpc,
      tags,
      changelog: new Map([
        ['2.1.0', '- Tags on every subnet.'],
        ['2.0.0', '- The changelog loses to the tag.'],
      ]),
      fileUrl,
    });
    expect(releases.map(r => r.version)).toEqual([
      '3.0.0',
      '3.0.0-rc.1',
      '2.1.0',
      '2.0.0',
      '1.1.0',
      '1.0.0',
    ]);
    expect(releases.find(r => r.version === '2.0.0')).toMatchObject({
      tag: 'vpc/v2.0.0',
      date: '2024-06-01T10:00:00.000Z',
      notes: 'cidr is required',
      notesSource: 'tag',
      prerelease: false,
    });
    expect(releases.find(r => r.version === '2.1.0')).toMatchObject({
      notes: '- Tags on every subnet.',
      notesSource: 'changelog',
    });
    expect(releases.find(r => r.version === '1.0.0')?.notes).toBeUndefined();
    expect(releases.find(r => r.version === '3.0.0-rc.1')?.prerelease).toBe(
      true,
    );
  });

  it('ends a major when the N-th newer major is released, at that release, not at a prerelease', () => {
    const { majors } = describeReleases({
      platform: 'acme',
      module: vpc,
      tags,
      changelog: new Map(),
      fileUrl,
    });
    expect(majors).toEqual([
      {
        major: 3,
        status: 'supported',
        firstReleased: '2024-10-01T10:00:00.000Z',
      },
      {
        major: 2,
        status: 'supported',
        firstReleased: '2024-06-01T10:00:00.000Z',
        upgradeNotes: {
          path: 'modules/vpc/UPGRADING.md',
          url: `/platform/source?commit=${tags[3].commit}&path=modules/vpc/UPGRADING.md`,
        },
      },
      {
        major: 1,
        status: 'unsupported',
        firstReleased: '2024-01-10T10:00:00.000Z',
        endedBy: '3.0.0',
        endOfSupport: '2024-10-01T10:00:00.000Z',
      },
    ]);
  });

  it('keeps every major supported without a support window, and says a deprecation covering a whole major', () => {
    const { majors, supportedMajors } = describeReleases({
      platform: 'acme',
      module: {
        ...vpc,
        supportedMajors: undefined,
        deprecations: [
          { versions: '< 2.0.0', since: '2025-09-01', message: 'Move to 2.x' },
          // Covers part of major 2 only: major 2 stays supported.
          { versions: '< 2.1.0', message: 'Not this one' },
        ],
      },
      tags,
      changelog: new Map(),
      fileUrl,
    });
    expect(supportedMajors).toBeUndefined();
    expect(majors.map(m => [m.major, m.status])).toEqual([
      [3, 'supported'],
      [2, 'supported'],
      [1, 'deprecated'],
    ]);
    expect(majors[2]).toMatchObject({
      deprecatedSince: '2025-09-01',
      deprecation: 'Move to 2.x',
    });
  });

  it('says a major with prereleases only is not released, and ends nothing with it', () => {
    const { majors } = describeReleases({
      platform: 'acme',
      module: { ...vpc, supportedMajors: 1 },
      tags: tags.filter(t => t.name !== 'vpc/v3.0.0'),
      changelog: new Map(),
      fileUrl,
    });
    expect(majors.map(m => [m.major, m.status, m.endedBy])).toEqual([
      [3, 'prerelease', undefined],
      [2, 'supported', undefined],
      [1, 'unsupported', '2.0.0'],
    ]);
  });

  it('leaves out dates and links the host does not give', () => {
    const { releases, majors } = describeReleases({
      platform: 'acme',
      module: vpc,
      tags: tags.map(({ name, commit }) => ({ name, commit })),
      changelog: new Map(),
      fileUrl: () => undefined,
    });
    expect(releases[0].date).toBeUndefined();
    expect(majors[2]).toEqual({
      major: 1,
      status: 'unsupported',
      endedBy: '3.0.0',
    });
    expect(majors[1].upgradeNotes).toEqual({
      path: 'modules/vpc/UPGRADING.md',
    });
  });
});

describe('changelogSections', () => {
  it('finds the section of each release by version or tag, and not in code blocks', () => {
    const sections = changelogSections(
      [
        '# vpc',
        '',
        '## Unreleased',
        '',
        '- Next thing.',
        '',
        '## [2.1.0] - 2024-08-01',
        '',
        '### Added',
        '',
        '- Tags on every subnet.',
        '',
        '```md',
        '## 1.1.0',
        '```',
        '',
        '## vpc/v2.0.0 (2024-06-01)',
        '',
        '- `cidr` is required.',
        '',
        '## v1.1.0',
        '',
        '- Flow logs.',
        '',
        '## 1.0.0',
        '',
      ].join('\n'),
      'vpc/v{version}',
    );
    expect([...sections.keys()]).toEqual(['2.1.0', '2.0.0', '1.1.0']);
    expect(sections.get('2.1.0')).toBe(
      '### Added\n\n- Tags on every subnet.\n\n```md\n## 1.1.0\n```',
    );
    expect(sections.get('2.0.0')).toBe('- `cidr` is required.');
    expect(sections.get('1.1.0')).toBe('- Flow logs.');
  });

  it('reads no section from a file without release headings', () => {
    expect(
      changelogSections('Just text\n\n## Notes\n', 'v{version}').size,
    ).toBe(0);
  });
});
