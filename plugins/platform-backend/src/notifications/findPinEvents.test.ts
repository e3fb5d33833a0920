import { PlatformModuleInfo } from '@platform-portal/plugin-platform-common';
import { describePinEvent } from './describePinEvent';
import { ALL_VERSIONS, PinnedRow, findPinEvents } from './findPinEvents';
import { platformModule } from './__testUtils__/platformModule';

const PAYMENTS = 'component:default/payments-api';
const BILLING = 'component:default/billing-worker';
const SEARCH = 'component:default/search-api';
const TEAM_PAYMENTS = 'group:default/team-payments';
const TEAM_SEARCH = 'group:default/team-search';
const NOW = new Date('2026-01-15T00:00:00Z');

const rds = (overrides: Partial<PlatformModuleInfo> = {}) =>
  platformModule({
    name: 'rds',
    versions: ['3.0.0', '2.1.0', '2.0.0', '1.4.0', '1.2.0'],
    ...overrides,
  });

function pin(
  entityRef: string,
  version: string | undefined,
  owner: string | undefined = TEAM_PAYMENTS,
): PinnedRow {
  return {
    entityRef,
    owner,
    platform: 'acme-platform',
    module: 'rds',
    version,
  };
}

describe('findPinEvents', () => {
  it('tells each owner once of a deprecation covering versions their services pin, naming each service and version', () => {
    const modules = [
      rds({
        versions: ['2.1.0', '2.0.0', '1.4.0', '1.2.0'],
        latest: '2.1.0',
        deprecations: [
          {
            versions: '< 2.0.0',
            since: '2025-09-01',
            message: 'rds 1.x creates unencrypted snapshots',
          },
        ],
      }),
    ];
    const events = findPinEvents(
      [
        pin(PAYMENTS, '1.4.0'),
        pin(PAYMENTS, '1.2.0'),
        pin(PAYMENTS, '1.4.0'),
        pin(BILLING, '1.2.0'),
        pin(SEARCH, '2.1.0', TEAM_SEARCH),
      ],
      modules,
      NOW,
    );

    // search-api is on 2.1.0, the latest: its team hears nothing.
    expect(events.map(e => e.owner)).not.toContain(TEAM_SEARCH);
    const deprecated = events.filter(e => e.kind === 'deprecated');
    expect(deprecated).toHaveLength(1);
    expect(deprecated[0]).toMatchObject({
      owner: TEAM_PAYMENTS,
      kind: 'deprecated',
      module: 'rds',
      subject: '< 2.0.0',
      pins: [
        { entityRef: BILLING, versions: ['1.2.0'] },
        { entityRef: PAYMENTS, versions: ['1.2.0', '1.4.0'] },
      ],
    });
    expect(describePinEvent(deprecated[0])).toEqual({
      title: '2 services pin a deprecated release of rds (rds < 2.0.0)',
      description:
        'billing-worker pins rds 1.2.0 and payments-api pins rds 1.2.0 and 1.4.0, deprecated since 2025-09-01: rds 1.x creates unencrypted snapshots. The latest release is 2.1.0.',
      link: '/platform/modules/rds',
      severity: 'normal',
    });
  });

  it('links one service’s deprecation to its Platform tab, in the words of the brief', () => {
    const [event] = findPinEvents(
      [pin(PAYMENTS, '1.4.0')],
      [
        rds({
          versions: ['2.1.0', '1.4.0'],
          latest: '2.1.0',
          deprecations: [
            {
              versions: '1.x',
              since: '2025-09-01',
              message: 'rds 1.x creates unencrypted snapshots.',
            },
          ],
        }),
      ],
      NOW,
    );
    expect(describePinEvent(event)).toEqual({
      title: 'payments-api pins a deprecated release of rds (rds 1.x)',
      description:
        'payments-api pins rds 1.4.0, deprecated since 2025-09-01: rds 1.x creates unencrypted snapshots. The latest release is 2.1.0.',
      link: '/catalog/default/component/payments-api/platform',
      severity: 'normal',
    });
  });

  it('waits for a deprecation’s date, and treats one without a range as covering every release', () => {
    const future = rds({
      deprecations: [
        { versions: '< 2.0.0', since: '2026-06-01', message: 'later' },
      ],
    });
    expect(
      findPinEvents([pin(PAYMENTS, '1.4.0')], [future], NOW).filter(
        e => e.kind === 'deprecated',
      ),
    ).toEqual([]);

    const whole = rds({ deprecations: [{ message: 'use aurora instead' }] });
    const [event] = findPinEvents([pin(PAYMENTS, '3.0.0')], [whole], NOW);
    expect(event).toMatchObject({ kind: 'deprecated', subject: ALL_VERSIONS });
    expect(describePinEvent(event).title).toBe(
      'payments-api pins a deprecated release of rds (every release of rds)',
    );
  });

  it('tells of a major outside the support window with high severity, and of a new major with low', () => {
    const events = findPinEvents(
      [pin(PAYMENTS, '1.4.0'), pin(BILLING, '2.1.0'), pin(SEARCH, '3.0.0')],
      [rds({ supportedMajors: 2 })],
      NOW,
    );
    const byKind = (kind: string) => events.filter(e => e.kind === kind);

    expect(byKind('unsupported')).toEqual([
      expect.objectContaining({
        subject: '1',
        supportedMajors: [3, 2],
        pins: [{ entityRef: PAYMENTS, versions: ['1.4.0'] }],
      }),
    ]);
    expect(describePinEvent(byKind('unsupported')[0])).toMatchObject({
      title: 'payments-api pins rds 1.x, which is no longer supported',
      description:
        'payments-api pins rds 1.4.0, out of support: the platform supports only 3.x and 2.x of rds. The latest release is 3.0.0.',
      severity: 'high',
    });

    // One new-major event per owner, about major 3, for both services behind it.
    expect(byKind('new-major')).toEqual([
      expect.objectContaining({
        subject: '3',
        pins: [
          { entityRef: BILLING, versions: ['2.1.0'] },
          { entityRef: PAYMENTS, versions: ['1.4.0'] },
        ],
      }),
    ]);
    expect(describePinEvent(byKind('new-major')[0])).toMatchObject({
      title: 'A new major of rds is out: 3.0.0',
      link: '/platform/modules/rds',
      severity: 'low',
    });
  });

  it('gives nothing for pins with no owner, no release version, or a module the platform does not list', () => {
    const modules = [
      rds({ supportedMajors: 1, deprecations: [{ message: 'all of it' }] }),
    ];
    expect(
      findPinEvents(
        [
          pin(PAYMENTS, '1.4.0', ''),
          pin(PAYMENTS, undefined),
          pin(PAYMENTS, '1.3.0'),
          { ...pin(PAYMENTS, '1.4.0'), module: 'vpc' },
          { ...pin(PAYMENTS, '1.4.0'), platform: 'other-platform' },
        ],
        modules,
        NOW,
      ),
    ).toEqual([]);
  });

  it('keeps owners apart', () => {
    const events = findPinEvents(
      [pin(PAYMENTS, '2.1.0'), pin(SEARCH, '2.0.0', TEAM_SEARCH)],
      [rds()],
      NOW,
    );
    expect(events.map(e => [e.owner, e.kind, e.subject]).sort()).toEqual([
      [TEAM_PAYMENTS, 'new-major', '3'],
      [TEAM_SEARCH, 'new-major', '3'],
    ]);
  });
});
