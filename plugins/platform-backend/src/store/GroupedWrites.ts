/** One caller's item in a group, and how the group's write settles that caller. */
interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * What a group's write tells about single items: those it refused on their own (e.g. a
 * repository the store does not know), which fail alone while the others are written.
 */
export type GroupOutcome<T> = { refused?: Array<{ item: T; error: unknown }> };

/**
 * Writes the items that callers add at once (in one synchronous step, e.g. a `Promise.all` over
 * them), or while the previous group is being written, together in one call of `write` (one transaction): a caller that adds
 * many at once pays for one round of statements instead of one per item. Each caller's promise
 * settles when its own item is committed or refused. Groups are written one after the other, so
 * two writes of the same key land in the order they were added.
 *
 * A write that fails fails every caller of its group: the transaction is rolled back whole, and
 * is not tried again (a database that fails a write fails the scan, see PlatformScanner).
 *
 * @internal
 */
export class GroupedWrites<T> {
  private pending: Array<Pending<T>> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly write: (items: T[]) => Promise<GroupOutcome<T> | void>,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Lets the caller add the rest of what it hands in at once (no timer: fake ones stop it).
    await Promise.resolve();
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      await this.writeGroup(group);
    }
    this.running = undefined;
  }

  private async writeGroup(group: Array<Pending<T>>): Promise<void> {
    let outcome: GroupOutcome<T> | void;
    try {
      outcome = await this.write(group.map(p => p.item));
    } catch (error) {
      for (const { reject } of group) {
        reject(error);
      }
      return;
    }
    const refused = new Map(
      (outcome?.refused ?? []).map(({ item, error }) => [item, error]),
    );
    for (const { item, resolve, reject } of group) {
      if (refused.has(item)) {
        reject(refused.get(item));
      } else {
        resolve();
      }
    }
  }
}
