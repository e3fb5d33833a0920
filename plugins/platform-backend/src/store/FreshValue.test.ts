import { FreshValue } from './FreshValue';

/** A value whose refreshes are counted, each held until let to end, and can fail. */
function counted(options: { refreshAfterMs?: number } = {}) {
  let clock = 0;
  let writes = 0;
  let refreshes = 0;
  let fail = false;
  let release: (() => void) | undefined;
  const value = new FreshValue<number>({
    maxAgeMs: 10_000,
    ...options,
    now: () => clock,
    writes: () => writes,
    refresh: async () => {
      refreshes++;
      await new Promise<void>(resolve => {
        release = resolve;
      });
      release = undefined;
      if (fail) {
        throw new Error('connection reset');
      }
      return refreshes;
    },
  });
  /** Lets the refresh under way end. */
  const finish = async () => {
    while (!release) {
      await new Promise(resolve => setImmediate(resolve));
    }
    release();
    await new Promise(resolve => setImmediate(resolve));
  };
  return {
    value,
    finish,
    /** A read that waits for a refresh, answered once the refresh is let to end. */
    readRefreshed: async () => {
      const read = value.get();
      // Handled at once: a failure comes while the refresh is let to end.
      read.catch(() => undefined);
      await finish();
      return read;
    },
    setClock: (ms: number) => {
      clock = ms;
    },
    write: () => {
      writes++;
    },
    failFromNow: () => {
      fail = true;
    },
    refreshes: () => refreshes,
  };
}

describe('FreshValue', () => {
  it('waits for a refresh once the value is out of date, without refreshAfterMs', async () => {
    const t = counted();
    expect(await t.readRefreshed()).toBe(1);
    t.setClock(9_999);
    expect(await t.value.get()).toBe(1);
    t.setClock(10_000);
    expect(await t.readRefreshed()).toBe(2);
  });

  it('answers at once after refreshAfterMs and refreshes in the background', async () => {
    const t = counted({ refreshAfterMs: 7_500 });
    expect(await t.readRefreshed()).toBe(1);
    t.setClock(7_000);
    expect(await t.value.get()).toBe(1);
    expect(t.refreshes()).toBe(1);

    t.setClock(8_000);
    // Answered with the value it has; concurrent reads share the one refresh started.
    expect(await t.value.get()).toBe(1);
    expect(await t.value.get()).toBe(1);
    expect(t.refreshes()).toBe(2);
    await t.finish();
    expect(await t.value.get()).toBe(2);
    expect(t.refreshes()).toBe(2);
  });

  it('still waits for the value once it is older than maxAgeMs, or after a write', async () => {
    const t = counted({ refreshAfterMs: 7_500 });
    expect(await t.readRefreshed()).toBe(1);
    t.setClock(10_000);
    let answered = false;
    const late = t.value.get().then(value => {
      answered = true;
      return value;
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(answered).toBe(false);
    await t.finish();
    expect(await late).toBe(2);

    t.write();
    expect(await t.readRefreshed()).toBe(3);
  });

  it('keeps no failed background refresh: the read that needs the value tries again', async () => {
    const t = counted({ refreshAfterMs: 7_500 });
    expect(await t.readRefreshed()).toBe(1);
    t.setClock(8_000);
    t.failFromNow();
    expect(await t.value.get()).toBe(1);
    await t.finish();
    // The failure is not kept, and the value it had is still answered within maxAgeMs...
    t.setClock(9_000);
    expect(await t.readRefreshed()).toBe(1);
    expect(t.refreshes()).toBe(3);
    // ...and reported to the read that has to wait for it.
    t.setClock(10_000);
    await expect(t.readRefreshed()).rejects.toThrow('connection reset');
  });
  it('forgets a value no reader can be answered with while its refresh runs, and answers one renewed in the background', async () => {
    let clock = 0;
    let writes = 0;
    const previousValues: Array<number | undefined> = [];
    let failing = false;
    let gate: Promise<void> = Promise.resolve();
    const value = new FreshValue<number>({
      maxAgeMs: 10_000,
      refreshAfterMs: 5_000,
      now: () => clock,
      writes: () => writes,
      refresh: async (previous, { release }) => {
        previousValues.push(previous);
        release();
        await gate;
        if (failing) {
          throw new Error('connection reset');
        }
        return previousValues.length;
      },
    });
    expect(await value.get()).toBe(1);

    // Renewed in the background: readers are answered with the value meanwhile.
    let open!: () => void;
    gate = new Promise(resolve => {
      open = resolve;
    });
    clock = 6_000;
    expect(await value.get()).toBe(1);
    expect(await value.get()).toBe(1);
    open();
    await new Promise(resolve => setImmediate(resolve));
    expect(await value.get()).toBe(2);

    // Out of date by a write: the failed refresh leaves no value to hand to the next one.
    gate = Promise.resolve();
    failing = true;
    writes++;
    await expect(value.get()).rejects.toThrow('connection reset');
    failing = false;
    expect(await value.get()).toBe(4);
    expect(previousValues).toEqual([undefined, 1, 2, undefined]);
  });
});
