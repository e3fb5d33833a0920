/*
 * A text as the HCL parser sees it when it skips the contents of plain strings (parseHclTree in
 * hclParser.ts): the same characters with those contents taken out. Two blocks whose skeletons
 * are equal parse into the same tree, so a large file of many alike blocks (generated module
 * calls, say) is parsed once per distinct skeleton; what differs between them, the skipped
 * contents, is read from each block's own text (see hclDocument.ts).
 */

/**
 * A text without the contents of its plain strings, and where they were.
 *
 * @public
 */
export interface HclSkeleton {
  /** The text without the skipped contents. */
  text: string;
  /** Where each skipped content was, as an index into `text` (just after its opening quote). */
  at: number[];
  /** How many characters were skipped up to and including each of `at`. */
  skippedUpTo: number[];
}

/** `text` without the ranges of `skipped` (`[start, end)`, in order, none empty). */
export function hclSkeleton(
  text: string,
  skipped: ReadonlyArray<readonly [number, number]>,
): HclSkeleton {
  const kept: string[] = [];
  const at: number[] = [];
  const skippedUpTo: number[] = [];
  let from = 0;
  let total = 0;
  for (const [start, end] of skipped) {
    kept.push(text.slice(from, start));
    at.push(start - total);
    total += end - start;
    skippedUpTo.push(total);
    from = end;
  }
  kept.push(text.slice(from));
  return { text: kept.join(''), at, skippedUpTo };
}

/** How many of the skipped places lie before `index` of the skeleton. */
function placesBefore(skeleton: HclSkeleton, index: number): number {
  const { at } = skeleton;
  let low = 0;
  let high = at.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (at[middle] < index) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * The index in the original text of `index` in the skeleton. A node never starts or ends where
 * contents were skipped (that is between a string's quotes), so the side does not matter.
 */
export function originalIndex(skeleton: HclSkeleton, index: number): number {
  const before = placesBefore(skeleton, index);
  return before === 0 ? index : index + skeleton.skippedUpTo[before - 1];
}

/** Whether contents were skipped inside `[start, end)` of the skeleton. */
export function skipsWithin(
  skeleton: HclSkeleton,
  start: number,
  end: number,
): boolean {
  return placesBefore(skeleton, end) > placesBefore(skeleton, start + 1);
}
