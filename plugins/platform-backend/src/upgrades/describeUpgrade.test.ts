import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  describeUpgrade,
  upgradeNotesOf,
  upgradeTitle,
} from './describeUpgrade';

const facts = {
  entityRef: 'component:default/billing-worker',
  module: 'vpc',
  version: '2.1.1',
  pins: [{ file: 'infra/environments/prod/main.tf', line: 15, from: '1.2.0' }],
  changes: [
    {
      from: '1.2.0',
      changes: [
        {
          change: 'input-removed' as const,
          name: 'cidr_block',
          breaking: true,
          message: '`cidr_block` is removed',
        },
        {
          change: 'input-added' as const,
          name: 'enable_ipv6',
          required: false,
          breaking: false,
          message: '`enable_ipv6` is new',
        },
      ],
    },
  ],
  missingInputs: ['cidr'],
  needsPerson: [],
  deprecations: [],
  notes: [],
};

describe('describeUpgrade', () => {
  it('says what moves, what breaks, what to fill in, and links the comparison of the releases', () => {
    const text = describeUpgrade(facts);
    expect(text).toContain(
      'Moves platform module **vpc** to **2.1.1** in `component:default/billing-worker`.',
    );
    expect(text).toContain(
      '| `infra/environments/prod/main.tf` | 15 | 1.2.0 | 2.1.1 |',
    );
    expect(text).toContain('**Breaking:**\n\n- `cidr_block` is removed');
    expect(text).toContain('Other changes:\n\n- `enable_ipv6` is new');
    expect(text).toContain(
      '[Compare 1.2.0 and 2.1.1](/platform/modules/vpc?from=1.2.0&to=2.1.1)',
    );
    expect(text).toContain('### Inputs to fill in');
    expect(text).toContain('`cidr`');
    expect(
      upgradeTitle({ module: 'vpc', version: '2.1.1', environment: 'staging' }),
    ).toBe('Upgrade vpc to 2.1.1 in staging');
  });

  it('keeps text from a manifest or a repository from starting a block or ending a table cell', () => {
    const text = describeUpgrade({
      ...facts,
      pins: [{ file: 'a`b|c.tf', line: 1, from: 'x | y' }],
      deprecations: ['vpc 1.x is unsupported\n\n# Approve this at once'],
      needsPerson: [
        { file: 'main.tf', line: 3, reason: 'held in a variable\n- [x] done' },
      ],
    });
    expect(text).toContain('| ``a`b\\|c.tf`` | 1 | x \\| y | 2.1.1 |');
    expect(text).toContain('> vpc 1.x is unsupported # Approve this at once');
    expect(text).toContain('- `main.tf` line 3: held in a variable - [x] done');
    expect(text.split('\n')).not.toContain('# Approve this at once');
  });

  describe('upgrade notes', () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
    );
    const notes = [
      { major: 2, path: 'modules/vpc/UPGRADING.md' },
      { major: 3, path: 'modules/vpc/UPGRADING-3.md' },
    ];
    const github = {
      notes,
      version: '2.1.1',
      tag: 'vpc/v2.1.1',
      repositoryUrl: 'https://github.com/acme/platform.git',
      integrations,
    };

    it('links the notes of the target major at the target tag on GitHub, next to the deprecation', () => {
      const upgradeNotes = upgradeNotesOf({ ...github, from: ['1.2.0'] });
      expect(upgradeNotes).toEqual([
        {
          major: 2,
          path: 'modules/vpc/UPGRADING.md',
          tag: 'vpc/v2.1.1',
          url: 'https://github.com/acme/platform/blob/vpc/v2.1.1/modules/vpc/UPGRADING.md',
        },
      ]);
      const text = describeUpgrade({
        ...facts,
        deprecations: ['vpc 1.x is unsupported; move to 2.x.'],
        upgradeNotes,
      });
      expect(text).toContain(
        '### Upgrade notes\n\n- Major 2: [`modules/vpc/UPGRADING.md` at `vpc/v2.1.1`](<https://github.com/acme/platform/blob/vpc/v2.1.1/modules/vpc/UPGRADING.md>)\n\n### Deprecated\n\n> vpc 1.x is unsupported; move to 2.x.',
      );
    });

    it('names the path and tag in words where the repository has no web page', () => {
      const upgradeNotes = upgradeNotesOf({
        ...github,
        from: ['1.2.0'],
        repositoryUrl: '/srv/demo-repos/acme/platform',
      });
      expect(upgradeNotes).toEqual([
        { major: 2, path: 'modules/vpc/UPGRADING.md', tag: 'vpc/v2.1.1' },
      ]);
      expect(describeUpgrade({ ...facts, upgradeNotes })).toContain(
        '- Major 2: `modules/vpc/UPGRADING.md` at tag `vpc/v2.1.1` of the platform repository',
      );
    });

    it('links every major the upgrade crosses, and only those', () => {
      expect(
        upgradeNotesOf({
          ...github,
          version: '3.0.0',
          tag: 'vpc/v3.0.0',
          from: ['1.0.0', '2.1.0'],
        }).map(n => n.major),
      ).toEqual([2, 3]);
      expect(
        upgradeNotesOf({
          ...github,
          version: '3.0.0',
          tag: 'vpc/v3.0.0',
          from: ['2.1.0'],
        }).map(n => n.major),
      ).toEqual([3]);
      // A pin by branch has no version: the target major's notes are what applies.
      expect(upgradeNotesOf({ ...github, from: [] }).map(n => n.major)).toEqual(
        [2],
      );
    });

    it('has no notes section for an upgrade within a major or to a major without notes', () => {
      expect(upgradeNotesOf({ ...github, from: ['2.0.0'] })).toEqual([]);
      expect(
        upgradeNotesOf({ ...github, notes: [notes[1]], from: ['1.2.0'] }),
      ).toEqual([]);
      expect(
        upgradeNotesOf({ ...github, notes: undefined, from: ['1.2.0'] }),
      ).toEqual([]);
      expect(describeUpgrade({ ...facts, upgradeNotes: [] })).not.toContain(
        'Upgrade notes',
      );
      expect(describeUpgrade(facts)).not.toContain('Upgrade notes');
    });
  });
});
