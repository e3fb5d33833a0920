import { RunTally } from './RunTally';

type Added = Record<string, number>;

/** A run store that records each addition, and can be made to fail or to wait. */
function fakeRuns() {
  const added: Added[] = [];
  const runs = {
    added,
    fail: false,
    gate: undefined as Promise<void> | undefined,
    async addScanRunCounts(_id: string, counts: Added) {
      await runs.gate;
      if (runs.fail) {
        throw new Error('database gone');
      }
      added.push(counts);
    },
  };
  return runs;
}

describe('RunTally', () => {
  it('adds every outcome since the last report in one addition, and nothing when there is none', async () => {
    const runs = fakeRuns();
    const tally = new RunTally(runs, 'run-1');
    tally.count('scanned');
    tally.count('scanned');
    tally.count('skipped');
    await tally.report();
    await tally.report();
    tally.count('failed');
    await tally.report();

    expect(runs.added).toEqual([
      { repositoriesScanned: 2, repositoriesSkipped: 1, repositoriesFailed: 0 },
      { repositoriesScanned: 0, repositoriesSkipped: 0, repositoriesFailed: 1 },
    ]);
    expect(tally.counts).toEqual({ scanned: 2, skipped: 1, failed: 1 });
  });

  it('settles a report only once what was counted before it is stored, even while an earlier report is under way', async () => {
    const runs = fakeRuns();
    let open!: () => void;
    runs.gate = new Promise(resolve => {
      open = resolve;
    });
    const tally = new RunTally(runs, 'run-1');
    tally.count('scanned');
    const first = tally.report();
    tally.count('skipped');
    let secondDone = false;
    const second = tally.report().then(() => {
      secondDone = true;
    });
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(secondDone).toBe(false);

    open();
    await Promise.all([first, second]);
    const total = (key: string) =>
      runs.added.reduce((sum, added) => sum + added[key], 0);
    expect({
      scanned: total('repositoriesScanned'),
      skipped: total('repositoriesSkipped'),
    }).toEqual({ scanned: 1, skipped: 1 });
  });

  it('adds what a failed report did not with the next one', async () => {
    const runs = fakeRuns();
    const tally = new RunTally(runs, 'run-1');
    tally.count('scanned');
    runs.fail = true;
    await expect(tally.report()).rejects.toThrow('database gone');
    runs.fail = false;
    tally.count('scanned');
    await tally.report();

    expect(runs.added).toEqual([
      { repositoriesScanned: 2, repositoriesSkipped: 0, repositoriesFailed: 0 },
    ]);
  });

  it('leaves a report sooner than asked after the last one for later', async () => {
    const runs = fakeRuns();
    const tally = new RunTally(runs, 'run-1');
    tally.count('scanned');
    await tally.report({ atMostEveryMs: 60_000 });
    tally.count('scanned');
    await tally.report({ atMostEveryMs: 60_000 });
    expect(runs.added).toHaveLength(1);

    await tally.report();
    expect(runs.added).toEqual([
      { repositoriesScanned: 1, repositoriesSkipped: 0, repositoriesFailed: 0 },
      { repositoriesScanned: 1, repositoriesSkipped: 0, repositoriesFailed: 0 },
    ]);
  });
});
