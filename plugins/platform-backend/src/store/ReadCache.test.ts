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
  /**
   * A cache on a clock from 1,000 (the cache takes a start at 0 for none), with the question
   * asked as it is (`ask`), or asked and every read under way ended (`answer`).
   */
  function createCache(options: { refreshAfterMs?: number } = {}) {
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
    const read = reads();
    const ask = () => cache.read('q', read.load);
    return {
      cache,
      clock,
      read,
      ask,
      answer: async () => {
        const answer = ask();
        await read.endAll();
        return answer;
      },
      write: () => {
        writes++;
      },
    };
  }

  it('answers a question asked again from the answer kept, until it expires or a write ends', async () => {
    const { clock, answer, write } = createCache();
    expect(await answer()).toBe(1);
    clock.at(99);
    expect(await answer()).toBe(1);
    clock.at(101);
    expect(await answer()).toBe(2);
    write();
    expect(await answer()).toBe(3);
  });

  it('answers at once from three quarters of the time on, and keeps the answer read meanwhile', async () => {
    const { clock, read, ask, answer } = createCache({ refreshAfterMs: 75 });
    expect(await answer()).toBe(1);
    clock.at(80);
    // Not waiting for the read it starts, nor starting a second one.
    expect(await ask()).toBe(1);
    expect(await ask()).toBe(1);
    expect(read.count()).toBe(2);
    clock.at(90);
    await read.endAll();
    expect(await ask()).toBe(2);
    // Kept for the time left from when its read began (80), not from when it ended.
    clock.at(179);
    expect(await ask()).toBe(2);
    expect(read.count()).toBe(3);
    clock.at(181);
    expect(await answer()).not.toBe(2);
  });

  it('keeps no answer read in the background before a write', async () => {
    const { clock, read, ask, answer, write } = createCache({
      refreshAfterMs: 75,
    });
    expect(await answer()).toBe(1);
    clock.at(80);
    expect(await ask()).toBe(1);
    // A write ends while the answer is read again; the next reader waits for a read begun after.
    write();
    expect(await answer()).toBe(3);
    expect(await ask()).toBe(3);
    expect(read.count()).toBe(3);
  });

  /**
   * A cache of at most `maxEntries` questions whose answers never expire: each answer names its
   * question and the number of the read that made it, and every question named `bad …` fails.
   */
  function createBoundedCache(maxEntries: number) {
    let count = 0;
    const cache = new ReadCache({
      ttlMs: 100,
      maxEntries,
      writes: () => 0,
      now: () => 1_000,
    });
    return {
      ask: (question: string) =>
        cache.read(question, async () => {
          count++;
          if (question.startsWith('bad')) {
            throw new Error(`no answer to ${question}`);
          }
          return `${question} ${count}`;
        }),
      count: () => count,
    };
  }

  it('keeps the answers to at most `maxEntries` questions, the least recently asked let go first', async () => {
    const { ask } = createBoundedCache(2);
    expect(await ask('a')).toBe('a 1');
    expect(await ask('b')).toBe('b 2');
    expect(await ask('a')).toBe('a 1');
    expect(await ask('c')).toBe('c 3');
    expect(await ask('a')).toBe('a 1');
    expect(await ask('b')).toBe('b 4');
  });

  it('keeps nothing of a question whose first read failed, so that failed questions do not push good answers out', async () => {
    // Room for two answers and the question being read.
    const { ask, count } = createBoundedCache(3);
    expect(await ask('a')).toBe('a 1');
    expect(await ask('b')).toBe('b 2');
    for (const question of ['bad 1', 'bad 2', 'bad 3']) {
      await expect(ask(question)).rejects.toThrow(`no answer to ${question}`);
    }
    expect(await ask('a')).toBe('a 1');
    expect(await ask('b')).toBe('b 2');
    // A question that failed is read again when asked again.
    await expect(ask('bad 1')).rejects.toThrow('no answer to bad 1');
    expect(count()).toBe(6);
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
