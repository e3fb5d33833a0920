import { describeUpgrade, upgradeTitle } from './describeUpgrade';

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
});
