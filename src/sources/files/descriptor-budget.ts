/**
 * Bounds the file descriptors the file source holds at once. Following a directory of
 * thousands of files must not run into the process's `ulimit -n`: every open of a followed
 * file takes a slot here first, waiters queue in arrival order, and when the budget is
 * full the holders that have gone quiet longest are asked to give theirs back (a tailer
 * can always re-open its file by path and check that it is still the same inode).
 *
 * A holder never waits for a slot while it holds one (see `FileTailer`), so a full budget
 * cannot deadlock: every slot belongs to a holder that is idle or about to finish a read.
 */
import { readFileSync } from 'node:fs';

/** Something that holds descriptors and can be asked to close the idle ones. */
export interface DescriptorHolder {
  /** Close every descriptor that is not in the middle of a read, soon (asynchronously). */
  relinquish(): void;
}

/** Slots of file descriptors shared by the tailers of one file source. */
export class DescriptorBudget {
  private inUse = 0;
  private readonly waiters: Array<() => void> = [];
  /** Holders with at least one slot, least recently active first (Map keeps insertion order). */
  private readonly holders = new Map<DescriptorHolder, number>();
  private limitNow: number;
  /** Slots granted to waiters that have not resumed yet. */
  private pendingGrants = 0;
  private asking = false;

  constructor(readonly limit: number) {
    this.limitNow = Math.max(1, Math.floor(limit));
  }

  /** Slots in use now. */
  get used(): number {
    return this.inUse;
  }

  /** Opens waiting for a slot now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** True when a new open would have to wait. */
  get full(): boolean {
    return this.inUse + this.pendingGrants >= this.limitNow;
  }

  /** Takes a slot for `holder`, waiting in line when none is free. */
  async acquire(holder: DescriptorHolder): Promise<void> {
    if (this.inUse + this.pendingGrants < this.limitNow && this.waiters.length === 0) {
      this.take(holder);
      return;
    }
    await new Promise<void>((granted) => {
      this.waiters.push(granted);
      this.askForSlots();
    });
    this.take(holder);
  }

  /** Gives back one slot of `holder`. */
  release(holder: DescriptorHolder): void {
    this.inUse -= 1;
    const held = (this.holders.get(holder) ?? 1) - 1;
    if (held <= 0) this.holders.delete(holder);
    else this.holders.set(holder, held);
    this.grant();
  }

  /** `holder` just read data: it is the last to be asked to give slots back. */
  touch(holder: DescriptorHolder): void {
    const held = this.holders.get(holder);
    if (held === undefined) return;
    this.holders.delete(holder);
    this.holders.set(holder, held);
  }

  /**
   * The operating system refused an open (EMFILE/ENFILE) although a slot was free: the
   * process has fewer descriptors than the budget assumed (other code holds some). Shrink
   * the budget to what is in use, so the others queue instead of failing too.
   */
  exhausted(): void {
    this.limitNow = Math.max(1, Math.min(this.limitNow, this.inUse));
  }

  private take(holder: DescriptorHolder): void {
    this.inUse += 1;
    this.holders.set(holder, (this.holders.get(holder) ?? 0) + 1);
  }

  private grant(): void {
    while (this.inUse + this.pendingGrants < this.limitNow && this.waiters.length > 0) {
      const next = this.waiters.shift()!;
      // The slot is taken in acquire() after the waiter resumes; count it meanwhile.
      this.pendingGrants += 1;
      queueMicrotask(() => {
        this.pendingGrants -= 1;
        next();
      });
    }
    if (this.waiters.length > 0) this.askForSlots();
  }

  /** Asks as many of the quietest holders as there are waiters to close their idle descriptors. */
  private askForSlots(): void {
    if (this.asking) return;
    this.asking = true;
    setImmediate(() => {
      this.asking = false;
      let wanted = this.waiters.length;
      for (const holder of this.holders.keys()) {
        if (wanted <= 0) break;
        holder.relinquish();
        wanted -= 1;
      }
    });
  }
}

/** The budget for this process: {@link budgetForLimits} of its own `/proc/self/limits`. */
export function defaultDescriptorBudget(): number {
  return budgetForLimits(readProcLimits());
}

/**
 * A quarter of the soft `RLIMIT_NOFILE` (as `/proc/<pid>/limits` states it), between 16
 * and 128, so the rest of the process (sockets to AWS, the terminal, Node's own) always
 * has room; 64 where the limit is not known (no /proc: macOS).
 */
export function budgetForLimits(limitsText: string | undefined): number {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limitsText ?? '');
  if (!match) return 64;
  const soft = match[1] === 'unlimited' ? Infinity : Number(match[1]);
  return Math.max(16, Math.min(128, Math.floor(soft / 4)));
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}
