/*
 * What reading each block skeleton gave (see hclSkeleton.ts), remembered across files for as
 * long as the parser lives: one per process or worker thread. Repositories made from one
 * template hold many files whose blocks differ only in their plain strings (names, versions,
 * refs); each such block is then parsed twice in all, as itself and as its skeleton, and read
 * from memory everywhere else. The memory is bounded in entries and in size, and forgets the
 * skeletons used least recently first.
 *
 * The memory judges itself on each stretch of text it looks up (see replayTrial.ts) and, when a
 * stretch fails, rests: small files are then read whole, as if there were no memory, until it
 * tries again, so that a scanner that lives long still replays the repositories made from one
 * template that it meets later.
 */
import { LRUCache } from 'lru-cache';
import type { HclParser } from './hclParser';
import { ReplayTrial } from './replayTrial';

/** Skeletons remembered at most, read or seen once, per parser. */
export const MAX_REMEMBERED_SKELETONS = 8192;
/** Characters of remembered skeletons at most, per parser, as an estimate of their memory. */
export const MAX_REMEMBERED_LENGTH = 4_000_000;
/**
 * What a skeleton's read costs beyond its text, as characters: blocks, attributes and spans of a
 * few objects each.
 */
const READ_OVERHEAD = 512;

/** Small files read whole after a failed stretch of lookups, before the memory tries again. */
export const RESTING_FILES = 256;

/** A skeleton seen once: read the block from its own text, and the skeleton when seen again. */
const SEEN_ONCE = Symbol('seen once');
/** A skeleton read that cannot be replayed: read each block that has it from its own text. */
const NOT_REPLAYABLE = Symbol('not replayable');

/** What a skeleton's read gave, or that it was seen once. */
type Remembered<T> = T | typeof NOT_REPLAYABLE | typeof SEEN_ONCE;

/**
 * The skeletons of one parser: what each gave when read with a given selection, keyed by the
 * selection and the skeleton.
 */
export class HclSkeletonMemory<T extends object> {
  private readonly entries = new LRUCache<string, Remembered<T>>({
    max: MAX_REMEMBERED_SKELETONS,
    maxSize: MAX_REMEMBERED_LENGTH,
    sizeCalculation: (value, key) =>
      key.length + (typeof value === 'object' ? key.length + READ_OVERHEAD : 1),
  });

  private readonly trial = new ReplayTrial();
  /** Small files still to be read whole before the memory tries again. */
  private restingFiles = 0;

  /**
   * What reading the skeleton of `key` gave: undefined the first time it is seen (the caller
   * reads the block from its own text), `read()` the second time, remembered from then on;
   * `null` when the skeleton cannot be replayed.
   */
  recall(key: string, read: () => T | undefined): T | null | undefined {
    const recalled = this.lookUp(key, read);
    if (this.trial.failsWith(key.length, Boolean(recalled))) {
      this.restingFiles = RESTING_FILES;
    }
    return recalled;
  }

  /**
   * Whether to read the next small file block by block, looking its blocks up; not while the
   * memory rests, which this file then counts down.
   */
  looksUpNextFile(): boolean {
    if (this.restingFiles === 0) {
      return true;
    }
    this.restingFiles -= 1;
    return false;
  }

  private lookUp(key: string, read: () => T | undefined): T | null | undefined {
    const remembered = this.entries.get(key);
    if (remembered === undefined) {
      this.entries.set(key, SEEN_ONCE);
      return undefined;
    }
    if (remembered === SEEN_ONCE) {
      const fresh = read();
      this.entries.set(key, fresh ?? NOT_REPLAYABLE);
      return fresh ?? null;
    }
    return remembered === NOT_REPLAYABLE ? null : remembered;
  }

  /** How many skeletons are remembered, read or seen once. */
  get size(): number {
    return this.entries.size;
  }
}

const memories = new WeakMap<HclParser, HclSkeletonMemory<object>>();

/** The skeleton memory of `parser`, made on first use. */
export function skeletonMemoryOf<T extends object>(
  parser: HclParser,
): HclSkeletonMemory<T> {
  let memory = memories.get(parser);
  if (!memory) {
    memory = new HclSkeletonMemory<object>();
    memories.set(parser, memory);
  }
  return memory as unknown as HclSkeletonMemory<T>;
}

const selectionIds = new WeakMap<object, number>();
let nextSelectionId = 0;

/**
 * A number for a selection object, the same for as long as it lives: what a skeleton's read
 * gives depends on what was selected, so the key of a remembered read starts with it.
 */
export function selectionId(selection: object): number {
  let id = selectionIds.get(selection);
  if (id === undefined) {
    nextSelectionId += 1;
    id = nextSelectionId;
    selectionIds.set(selection, id);
  }
  return id;
}
