import { PromotionReference } from './drift';
import {
  PromotionLagRecord,
  nextPromotionLagRecords,
  promotionLagKey,
  promotionLagWords,
} from './promotionLag';

function pin(
  environment: string,
  version: string,
  module = 'vpc',
): PromotionReference {
  return {
    entityRef: 'component:default/payments-api',
    platform: 'acme',
    module,
    environment,
    version,
  };
}

const MONDAY = new Date('2026-11-30T08:00:00Z');
const FRIDAY = new Date('2026-12-04T08:00:00Z');

describe('nextPromotionLagRecords', () => {
  it('starts a record at the scan that first sees prod behind staging', () => {
    expect(
      nextPromotionLagRecords(
        [pin('staging', '2.1.1'), pin('prod', '2.1.0')],
        [],
        MONDAY,
      ),
    ).toEqual([
      {
        platform: 'acme',
        module: 'vpc',
        environment: 'prod',
        since: '2026-11-30T08:00:00.000Z',
      },
    ]);
  });

  it('keeps the start while the lag lasts, even when both environments move on', () => {
    const first = nextPromotionLagRecords(
      [pin('staging', '2.1.1'), pin('prod', '2.1.0')],
      [],
      MONDAY,
    );
    const later = nextPromotionLagRecords(
      [pin('staging', '2.2.0'), pin('prod', '2.1.1')],
      first,
      FRIDAY,
    );
    expect(later.map(r => r.since)).toEqual(['2026-11-30T08:00:00.000Z']);
  });

  it('drops a lag that ended, so one that comes back starts again', () => {
    const first = nextPromotionLagRecords(
      [pin('staging', '2.1.1'), pin('prod', '2.1.0')],
      [],
      MONDAY,
    );
    const promoted = nextPromotionLagRecords(
      [pin('staging', '2.1.1'), pin('prod', '2.1.1')],
      first,
      FRIDAY,
    );
    expect(promoted).toEqual([]);
    const again = nextPromotionLagRecords(
      [pin('staging', '2.2.0'), pin('prod', '2.1.1')],
      promoted,
      FRIDAY,
    );
    expect(again.map(r => r.since)).toEqual(['2026-12-04T08:00:00.000Z']);
  });

  it('keeps one record per module and lagging environment, several references or not', () => {
    const records = nextPromotionLagRecords(
      [
        pin('dev', '3.0.0'),
        pin('staging', '2.1.1'),
        pin('prod', '2.1.0'),
        pin('prod', '2.0.0'),
        pin('staging', '1.4.0', 'rds'),
        pin('prod', '1.4.0', 'rds'),
      ],
      [],
      MONDAY,
    );
    expect(records.map(promotionLagKey).sort()).toEqual([
      '["acme","vpc","prod"]',
      '["acme","vpc","staging"]',
    ]);
  });

  it('does not carry the start of another module or environment', () => {
    const previous: PromotionLagRecord[] = [
      {
        platform: 'acme',
        module: 'rds',
        environment: 'prod',
        since: '2026-01-01T00:00:00.000Z',
      },
      {
        platform: 'acme',
        module: 'vpc',
        environment: 'staging',
        since: '2026-01-01T00:00:00.000Z',
      },
    ];
    expect(
      nextPromotionLagRecords(
        [pin('staging', '2.1.1'), pin('prod', '2.1.0')],
        previous,
        FRIDAY,
      ).map(r => r.since),
    ).toEqual(['2026-12-04T08:00:00.000Z']);
  });

  it('follows the promotion order it is given', () => {
    const references = [pin('blue', '2.0.0'), pin('green', '1.0.0')];
    expect(nextPromotionLagRecords(references, [], MONDAY)).toEqual([]);
    expect(
      nextPromotionLagRecords(references, [], MONDAY, ['blue', 'green']).map(
        r => r.environment,
      ),
    ).toEqual(['green']);
  });
});

describe('promotionLagWords', () => {
  it('names the environment ahead and its release, and the day the lag began when known', () => {
    expect(
      promotionLagWords({ environment: 'staging', version: '2.1.1' }),
    ).toBe('behind staging (2.1.1)');
    expect(
      promotionLagWords({
        environment: 'staging',
        version: '2.1.1',
        since: '2026-11-30T23:59:00.000Z',
      }),
    ).toBe('behind staging (2.1.1) since 2026-11-30');
  });
});
