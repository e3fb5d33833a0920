/** Files a batch may hold: the claims keep where each end stands in 16 bits. */
const MAX_BATCH = 0xffff;

/**
 * The files of one batch handed to a {@link FileScanPool}, taken one at a time: the pool's
 * thread from the front, the thread that walked the tree from the back once it has no other file
 * left, so that it does not wait idle while a worker still holds files it has not started. Each
 * file is taken exactly once. The state lives in shared memory, so that a worker thread sees the
 * same claims through {@link BatchClaims.buffer}.
 *
 * @public
 */
export class BatchClaims {
  /** The shared memory the claims live in, to hand to another thread. */
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;

  /** Claims of a batch of `size` files, none taken yet. */
  static create(size: number): BatchClaims {
    if (!Number.isInteger(size) || size < 0 || size > MAX_BATCH) {
      throw new RangeError(
        `a batch holds 0 to ${MAX_BATCH} files, not ${size}`,
      );
    }
    const claims = new BatchClaims(new SharedArrayBuffer(4));
    claims.state[0] = size;
    return claims;
  }

  /** The claims of another thread's batch, from its {@link BatchClaims.buffer}. */
  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.state = new Int32Array(buffer, 0, 1);
  }

  /** The index of the first file no thread has taken, now taken; undefined when none is left. */
  takeFirst(): number | undefined {
    return this.take(true);
  }

  /** The index of the last file no thread has taken, now taken; undefined when none is left. */
  takeLast(): number | undefined {
    return this.take(false);
  }

  private take(first: boolean): number | undefined {
    for (;;) {
      // One word holds both ends, so that one compare-and-swap moves either end against the other.
      const word = Atomics.load(this.state, 0);
      const next = word >>> 16;
      const end = word & MAX_BATCH;
      if (next >= end) {
        return undefined;
      }
      const after = first ? ((next + 1) << 16) | end : (next << 16) | (end - 1);
      if (Atomics.compareExchange(this.state, 0, word, after) === word) {
        return first ? next : end - 1;
      }
    }
  }
}
