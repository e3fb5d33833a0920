import { platformModule, row } from '../__testUtils__/fixtures';
import { comingUp } from './comingUp';

const now = new Date('2026-12-06T08:00:00Z');

const rds = platformModule('rds', ['2.1.0', '2.0.0', '1.9.0', '1.8.0'], {
  supportedMajors: 2,
  deprecations: [
    {
      versions: '< 2.0.0',
      since: '2025-09-01',
      message: 'rds 1.x creates unencrypted snapshots',
    },
  ],
});
const vpc = platformModule('vpc', ['2.1.1', '2.0.0', '1.4.0', '0.9.0'], {
  supportedMajors: 2,
});
const eks = platformModule(
  'eks',
  ['3.2.0', '3.1.0', '3.0.0-rc.1', '2.5.0', '2.4.0'],
  {
    supportedMajors: 2,
    deprecations: [
      {
        versions: '< 3.0.0',
        since: '2027-03-01',
        message: 'eks 2.x runs Kubernetes versions AWS stops supporting',
      },
    ],
  },
);

describe('comingUp', () => {
  it('lists a deprecation in force with the pins it reaches', () => {
    const items = comingUp(
      [rds],
      [
        row('ledger-service', 'rds', '1.9.0', 'deprecated', {
          environment: 'prod',
        }),
        row('ledger-service', 'rds', '1.8.0', 'deprecated', {
          environment: 'staging',
        }),
        row('payments-api', 'rds', '2.1.0', 'up-to-date'),
      ],
      now,
    );

    expect(items).toEqual([
      expect.objectContaining({
        module: 'rds',
        when: { state: 'now', since: '2025-09-01' },
        headline: '< 2.0.0 deprecated since 2025-09-01',
        message: 'rds 1.x creates unencrypted snapshots',
        pins: [
          {
            entityRef: 'component:default/ledger-service',
            environment: 'prod',
            version: '1.9.0',
          },
          {
            entityRef: 'component:default/ledger-service',
            environment: 'staging',
            version: '1.8.0',
          },
        ],
      }),
    ]);
  });

  it('announces a deprecation whose date has not come for the pins in its range', () => {
    const items = comingUp(
      [eks],
      [
        row('search-api', 'eks', '2.5.0', 'major-behind'),
        row('payments-api', 'eks', '3.1.0', 'minor-behind'),
      ],
      now,
    );

    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      when: { state: 'on', date: '2027-03-01' },
      headline: '< 3.0.0 deprecated from 2027-03-01',
      pins: [{ entityRef: 'component:default/search-api', version: '2.5.0' }],
    });
    // 2.x is also the oldest of the two supported majors: the next major ends its support.
    expect(items[1]).toMatchObject({
      when: { state: 'next-major' },
      headline: '2.x loses support with the next major release',
      message: 'eks supports the newest 2 majors: 3.x, 2.x.',
    });
  });

  it('names majors out of support and the oldest supported major', () => {
    const items = comingUp(
      [vpc],
      [
        row('status-page', 'vpc', '0.9.0', 'unsupported'),
        row('checkout-web', 'vpc', '1.4.0', 'major-behind'),
        row('search-api', 'vpc', '2.1.1', 'up-to-date'),
      ],
      now,
    );

    expect(items.map(item => [item.when.state, item.headline])).toEqual([
      ['now', '0.x no longer supported'],
      ['next-major', '1.x loses support with the next major release'],
    ]);
    expect(items[0].pins.map(pin => pin.entityRef)).toEqual([
      'component:default/status-page',
    ]);
    expect(items[1].pins.map(pin => pin.entityRef)).toEqual([
      'component:default/checkout-web',
    ]);
  });

  it('keeps deprecated pins out of the next major, where they are listed already', () => {
    const items = comingUp(
      [rds],
      [row('ledger-service', 'rds', '1.9.0', 'deprecated')],
      now,
    );

    expect(items.map(item => item.when.state)).toEqual(['now']);
  });

  it('puts what applies now first, then dated items by date, then the next majors', () => {
    const items = comingUp(
      [vpc, eks, rds],
      [
        row('a', 'vpc', '1.4.0', 'major-behind'),
        row('b', 'eks', '2.5.0', 'major-behind'),
        row('c', 'rds', '1.9.0', 'deprecated'),
      ],
      now,
    );

    expect(items.map(item => `${item.module} ${item.when.state}`)).toEqual([
      'rds now',
      'eks on',
      'eks next-major',
      'vpc next-major',
    ]);
  });

  it('leaves out modules and pins nothing reaches', () => {
    expect(
      comingUp(
        [rds, vpc, platformModule('dns', ['1.1.0', '1.0.0'])],
        [
          row('a', 'rds', '2.1.0', 'up-to-date'),
          row('b', 'vpc', '2.1.1', 'up-to-date'),
          row('c', 'dns', '1.0.0', 'minor-behind'),
          // A branch pin has no version for a range to judge.
          row('d', 'rds', undefined, 'unpinned'),
        ],
        now,
      ),
    ).toEqual([]);
  });

  it('matches rows to the module of their own platform', () => {
    const other = { ...rds, platform: 'data-platform' };
    expect(
      comingUp([other], [row('a', 'rds', '1.9.0', 'deprecated')], now),
    ).toEqual([]);
  });
});
