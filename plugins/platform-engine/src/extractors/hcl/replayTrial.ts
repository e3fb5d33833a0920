/*
 * Whether replaying remembered reads pays, judged as they are tried: looking a block up costs
 * a pass over its text, which only the blocks replayed pay back. Files written by hand have
 * blocks that are all different, and then the lookups cost more than the few replays save.
 */

/**
 * Text looked up, in characters, over which a trial judges whether replays pay: some dozens of
 * blocks of a module or a Terragrunt file.
 */
export const TRIAL_LENGTH = 32_768;

/** Judges lookups stretch by stretch: a stretch of which less than half was replayed fails. */
export class ReplayTrial {
  private lookedUp = 0;
  private replayed = 0;

  /**
   * Counts a lookup of `length` characters; true when it ends a stretch of which less than half
   * was replayed. Each stretch is judged on its own.
   */
  failsWith(length: number, replayed: boolean): boolean {
    this.lookedUp += length;
    if (replayed) {
      this.replayed += length;
    }
    if (this.lookedUp < TRIAL_LENGTH) {
      return false;
    }
    const fails = 2 * this.replayed < this.lookedUp;
    this.lookedUp = 0;
    this.replayed = 0;
    return fails;
  }
}
