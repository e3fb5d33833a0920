import { ReadCache } from './ReadCache';

/** A read whose answers are numbered, and which ends when the test says. */
function reads() {
  const pending: Array<(value: number) => void> = [];
  let count = 0;
  return {
    load: () =>
      new Promise<number>(resolve => {
        const answer = ++count;
        pending.push(() => resolve(answer));
      }),
    count: () => count,
    endAll: async () => {
      for (const end of pending.splice(0)) {
        end(0);
      }
      // Past the continuations that keep the answers.
      await new Promise(resolve => setImmediate(resolve));
    },
  };
}

describe('ReadCache', () => {
  function createCache(options: { refreshAfterMs?: number } = {}) {
    // From 1,000: the cache takes a start at 0 for none.
    const clock = {
      now: 1_000,
      at(ms: number) {
        this.now = 1_000 + ms;
      },
    };
    let writes = 0;
    const cache = new ReadCache({
      ttlMs: 100,
      ...options,
      writes: () => writes,
      now: () => clock.now,
    });
    return {
      cache,
      clock,
      write: () => {
        writes++;
      },
    };
  }

  it('answers a question asked again from the answer kept, until it expires or a write ends', async () => {
    const { cache, clock, write } = createCache();
    const read = reads();
    const first = cache.read('q', read.load);
    await read.endAll();
    expect(await first).toBe(1);
    clock.at(99);
    expect(await cache.read('q', read.load)).toBe(1);
    clock.at(101);
    const expired = cache.read('q', read.load);
    await read.endAll();
    expect(await expired).toBe(2);
    write();
    const afterWrite = cache.read('q', read.load);
    await read.endAll();
    expect(await afterWrite).toBe(3);
  });

  it('answers at once from three quarters of the time on, and keeps the answer read meanwhile', async () => {
    const { cache, clock } = createCache({ refreshAfterMs: 75 });
    const read = reads();
    const first = cache.read('q', read.load);
    await read.endAll();
    expect(await first).toBe(1);
    clock.at(80);
    // Not waiting for the read it starts, nor starting a second one.
    expect(await cache.read('q', read.load)).toBe(1);
    expect(await cache.read('q', read.load)).toBe(1);
    expect(read.count()).toBe(2);
    clock.at(90);
    await read.endAll();
    expect(await cache.read('q', read.load)).toBe(2);
    // Kept for the time left from when its read began (80), not from when it ended.
    clock.at(179);
    expect(await cache.read('q', read.load)).toBe(2);
    expect(read.count()).toBe(3);
    clock.at(181);
    const expired = cache.read('q', read.load);
    await read.endAll();
    expect(await expired).not.toBe(2);
  });

  it('keeps no answer read in the background before a write', async () => {
    const { cache, clock, write } = createCache({ refreshAfterMs: 75 });
    const read = reads();
    const first = cache.read('q', read.load);
    await read.endAll();
    expect(await first).toBe(1);
    clock.at(80);
    expect(await cache.read('q', read.load)).toBe(1);
    // A write ends while the answer is read again; the next reader waits for a read begun after.
    write();
    const afterWrite = cache.read('q', read.load);
    await read.endAll();
    expect(await afterWrite).toBe(3);
    expect(await cache.read('q', read.load)).toBe(3);
    expect(read.count()).toBe(3);
  });

  it('keeps the answer it has when reading it again fails', async () => {
    const { cache, clock } = createCache({ refreshAfterMs: 75 });
    let fail = false;
    const load = async () => {
      if (fail) {
        throw new Error('database restarting');
      }
      return clock.now - 1_000;
    };
    expect(await cache.read('q', load)).toBe(0);
    clock.at(80);
    fail = true;
    expect(await cache.read('q', load)).toBe(0);
    await new Promise(resolve => setImmediate(resolve));
    expect(await cache.read('q', load)).toBe(0);
    clock.at(101);
    await expect(cache.read('q', load)).rejects.toThrow('database restarting');
    fail = false;
    expect(await cache.read('q', load)).toBe(101);
  });
});
