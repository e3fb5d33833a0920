import {
  callLines,
  countCallStatuses,
  isCallStatus,
  upgradeText,
} from './callPresentation';

describe('upgradeText', () => {
  it('reads as one sentence of what the upgrade needs', () => {
    expect(
      upgradeText({
        to: '2.1.1',
        breaking: true,
        needs: ['needs `cidr` (new, required)', '`name` is removed'],
      }),
    ).toBe('upgrade to 2.1.1 needs `cidr` (new, required); `name` is removed');
  });

  it('puts a colon before a need that is a clause of its own', () => {
    expect(
      upgradeText({
        to: '3.0.0',
        breaking: true,
        needs: ['`name` is removed'],
      }),
    ).toBe('upgrade to 3.0.0: `name` is removed');
  });

  it('says when the upgrade needs nothing of the call', () => {
    expect(upgradeText({ to: '1.5.0', breaking: false, needs: [] })).toBe(
      'upgrade to 1.5.0 needs no change to the call',
    );
  });
});

describe('callLines', () => {
  it('lists the findings, then the upgrade', () => {
    expect(
      callLines({
        callStatus: 'broken',
        callFindings: [
          {
            finding: 'wrong-type',
            argument: 'azs',
            message: '`azs` is a list(string); the call sets a string',
          },
        ],
        upgrade: { to: '2.1.1', breaking: false, needs: [] },
      }),
    ).toEqual([
      '`azs` is a list(string); the call sets a string',
      'Upgrade to 2.1.1 needs no change to the call',
    ]);
  });

  it('has nothing to say of a call on the latest release that matches it', () => {
    expect(callLines({ callStatus: 'ok', callFindings: [] })).toEqual([]);
  });
});

describe('countCallStatuses', () => {
  it('counts checked calls by status and leaves unchecked ones out', () => {
    expect(
      countCallStatuses([
        { callStatus: 'broken' },
        { callStatus: 'broken' },
        { callStatus: 'breaking-upgrade' },
        {},
      ]),
    ).toEqual({ broken: 2, 'breaking-upgrade': 1, ok: 0 });
  });
});

describe('isCallStatus', () => {
  it('accepts the statuses of the API only', () => {
    expect(
      ['ok', 'broken', 'breaking-upgrade', 'toString', 'x'].filter(
        isCallStatus,
      ),
    ).toEqual(['ok', 'broken', 'breaking-upgrade']);
  });
});
