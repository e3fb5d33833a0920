import { FreshValue } from './FreshValue';

/** A value whose refreshes are counted and can be held or failed. */
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
  return {
    value,
    setClock: (ms: number) => {
      clock = ms;
    },
    write: () => {
      writes++;
    },
    failNext: () => {
      fail = true;
    },
    /** Lets the refresh under way end. */
    finish: async () => {
      while (!release) {
        await new Promise(resolve => setImmediate(resolve));
      }
      release!();
      await new Promise(resolve => setImmediate(resolve));
    },
    refreshes: () => refreshes,
  };
}

describe('FreshValue', () => {
  it('waits for a refresh once the value is out of date, without refreshAfterMs', async () => {
    const t = counted();
    const first = t.value.get();
    await t.finish();
    expect(await first).toBe(1);
    t.setClock(9_999);
    expect(await t.value.get()).toBe(1);
    t.setClock(10_000);
    const second = t.value.get();
    await t.finish();
    expect(await second).toBe(2);
  });

  it('answers at once after refreshAfterMs and refreshes in the background', async () => {
    const t = counted({ refreshAfterMs: 7_500 });
    const first = t.value.get();
    await t.finish();
    expect(await first).toBe(1);
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
    const first = t.value.get();
    await t.finish();
    await first;
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
    const afterWrite = t.value.get();
    await t.finish();
    expect(await afterWrite).toBe(3);
  });

  it('keeps no failed background refresh: the read that needs the value tries again', async () => {
    const t = counted({ refreshAfterMs: 7_500 });
    const first = t.value.get();
    await t.finish();
    await first;
    t.setClock(8_000);
    t.failNext();
    expect(await t.value.get()).toBe(1);
    await t.finish();
    // The failure is not kept, and the value it had is still answered within maxAgeMs...
    t.setClock(9_000);
    const again = t.value.get();
    expect(t.refreshes()).toBe(3);
    await t.finish();
    expect(await again).toBe(1);
    // ...and reported to the read that has to wait for it.
    t.setClock(10_000);
    const late = t.value.get();
    // Handled at once: the failure comes while the refresh is let to end.
    late.catch(() => undefined);
    await t.finish();
    await expect(late).rejects.toThrow('connection reset');
  });
});
