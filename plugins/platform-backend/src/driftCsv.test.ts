import { DriftRow } from '@platform-portal/plugin-platform-common';
import { parse } from 'csv-parse/sync';
import { driftCsvHeader, driftCsvLines } from './driftCsv';

function row(source: string, extra: Partial<DriftRow> = {}): DriftRow {
  return {
    id: '1',
    entityRef: 'component:default/payments-api',
    kind: 'terraform-module',
    file: 'main.tf',
    line: 3,
    column: 1,
    source,
    name: 'vpc',
    pin: 'tag',
    verdict: 'current',
    severity: 0,
    explanation: 'up to date',
    ...extra,
  } as DriftRow;
}

/** The export as a spreadsheet reads it: one object per row, keyed by the header. */
function exported(rows: DriftRow[]): Array<Record<string, string>> {
  return parse(driftCsvHeader() + driftCsvLines(rows), { columns: true });
}

describe('driftCsv', () => {
  it.each([
    '=cmd|" /C calc"!A0',
    '+SUM(A1:A2)',
    '-2+3',
    '@SUM(A1)',
    '\tcmd',
    '\rcmd',
    '\uFF1Dcmd|" /C calc"!A0',
    '\uFF0BSUM(A1)',
    '\uFF0D2+3',
    '\uFF20SUM(A1)',
  ])('writes the source %j as text a spreadsheet does not run', source => {
    const [cells] = exported([row(source)]);
    expect(cells.source).toBe(`'${source}`);
  });

  it('writes ordinary cells as they are, and absent ones empty', () => {
    const [cells] = exported([
      row('git::https://github.com/acme/platform//vpc?ref=v1.2.0', {
        owner: 'group:default/team-payments',
        releasesBehind: 2,
      }),
    ]);
    expect(cells).toMatchObject({
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
      system: '',
      source: 'git::https://github.com/acme/platform//vpc?ref=v1.2.0',
      line: '3',
      releasesBehind: '2',
      explanation: 'up to date',
    });
  });

  it('writes the call status, its findings and the upgrade as sentences, escaped as the rest', () => {
    const [broken, facing, unchecked] = exported([
      row('git::https://github.com/acme/platform//vpc?ref=vpc/v1.0.0', {
        callStatus: 'broken',
        callFindings: [
          {
            finding: 'missing-required-input',
            argument: 'cidr',
            message: 'missing required input `cidr`',
          },
          {
            finding: 'unknown-argument',
            argument: '=HYPERLINK("x")',
            message: '=HYPERLINK("x") is not an input of vpc',
          },
        ],
      }),
      row('git::https://github.com/acme/platform//vpc?ref=vpc/v1.0.0', {
        callStatus: 'breaking-upgrade',
        callFindings: [],
        upgrade: {
          to: '2.0.0',
          breaking: true,
          needs: ['needs `cidr` (new, required)', '`name` is removed'],
        },
      }),
      row('hashicorp/consul/aws'),
    ]);
    expect(broken).toMatchObject({
      callStatus: 'broken',
      callFindings:
        'missing required input `cidr`; =HYPERLINK("x") is not an input of vpc',
      upgrade: '',
    });
    expect(facing).toMatchObject({
      callStatus: 'breaking-upgrade',
      callFindings: '',
      upgrade:
        'to 2.0.0, breaking: needs `cidr` (new, required); `name` is removed',
    });
    expect(unchecked).toMatchObject({
      callStatus: '',
      callFindings: '',
      upgrade: '',
    });
    const [escaped] = exported([
      row('x', {
        callStatus: 'broken',
        callFindings: [
          {
            finding: 'unknown-argument',
            argument: '=1+1',
            message: '=1+1 is not an input',
          },
        ],
      }),
    ]);
    expect(escaped.callFindings).toBe("'=1+1 is not an input");
  });

  it('writes the promotion lag and the open upgrade change in words, and leaves them empty without', () => {
    const [lagging, plain] = exported([
      row('git::https://github.com/acme/platform//vpc?ref=vpc/v2.1.0', {
        environment: 'prod',
        promotionLag: { environment: 'staging', version: '2.1.1' },
        openUpgrade: {
          version: '2.1.1',
          branch: 'platform/upgrade/vpc-2.1.1',
          url: 'https://github.com/acme/payments-api/pull/7',
          state: 'open',
        },
      }),
      row('git::https://github.com/acme/platform//vpc?ref=vpc/v2.1.1', {
        openUpgrade: {
          version: '2.1.1',
          branch: '=platform/upgrade/vpc-2.1.1',
          state: 'open',
        },
      }),
    ]);
    expect(lagging.promotionLag).toBe('behind staging (2.1.1)');
    const [since] = exported([
      row('git::https://github.com/acme/platform//vpc?ref=vpc/v2.1.0', {
        environment: 'prod',
        promotionLag: {
          environment: 'staging',
          version: '2.1.1',
          since: '2026-11-30T08:00:00.000Z',
        },
      }),
    ]);
    expect(since.promotionLag).toBe('behind staging (2.1.1) since 2026-11-30');
    expect(lagging.openUpgrade).toBe(
      'to 2.1.1 on https://github.com/acme/payments-api/pull/7',
    );
    expect(plain.promotionLag).toBe('');
    // Without a link the branch is named.
    expect(plain.openUpgrade).toBe('to 2.1.1 on =platform/upgrade/vpc-2.1.1');
    expect(Object.keys(lagging).slice(-2)).toEqual([
      'promotionLag',
      'openUpgrade',
    ]);
  });
});
