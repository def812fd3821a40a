/**
 * Follows one path: reads appended bytes from a kept offset, survives rename-and-create
 * rotation (the old descriptor stays open and is drained to its end first), copytruncate
 * (size below the offset, or the bytes before the offset no longer the ones read),
 * deletion and re-creation. `.gz` content is read once, whole. The watcher only says
 * *that* something changed; every decision here comes from stat and the bytes.
 *
 * Descriptors are leased from a {@link DescriptorBudget} shared by every tailer of a
 * source: a quiet file gives its descriptor back when others wait (it is re-opened by path
 * and recognised by its identity), and a `.gz` file holds one only while it is read.
 *
 * Rotations can outrun the reader: a busy writer with a small size limit creates a file,
 * fills it and renames it away between two looks. So when a rotation or a truncation is
 * noticed, the rotated copies next to the path are listed, and each one that appeared since
 * following began and that no descriptor accounts for is read: the rest of a file this
 * tailer had read part of (found by identity), the part of a copytruncate copy after what
 * was read of the original (found by its first bytes), or a file never seen, whole.
 */
import type { Stats } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import type { SourceState } from '../types.js';
import { ContentFingerprint, FINGERPRINT_HEAD_BYTES, FINGERPRINT_TAIL_BYTES } from './content-fingerprint.js';
import { DescriptorBudget, type DescriptorHolder } from './descriptor-budget.js';
import { describeFileError, describeNonFile, isOutOfDescriptors, openRegularFile } from './file-errors.js';
import { LineSplitter } from './line-splitter.js';
import { CHUNK_BYTES, describeGzipError, isGzipMagic, readGzipLines, readGzipStart } from './read-file-lines.js';
import { fileIdentity, listRotatedSiblings, type RotatedSibling, type SiblingBaseline } from './rotated-siblings.js';

/** Most rotated-away files kept open at once for one path. */
const MAX_RETIRED = 4;
/** Files read from that are remembered whole (offset, head, partial line), most recent kept. */
const MAX_TRACKED = 32;
/** Identities of files read to their end that are remembered, so a renamed copy is not read again. */
const MAX_FINISHED = 4096;
/** Wait before trying again after the system refused a descriptor. */
const OUT_OF_DESCRIPTORS_RETRY_MS = 250;

/** What a {@link FileTailer} needs from its owner. */
export interface FileTailerOptions {
  /** Absolute path followed. */
  path: string;
  /** Read from the end of the file found at the first open (an existing file in follow mode). */
  startAtEnd: boolean;
  /** Read a gzip file that already exists at the first open (otherwise it is skipped). */
  readExistingGzip: boolean;
  /** Stop following (state `done`) once the path is gone, instead of waiting for it to return. */
  forgetWhenRemoved: boolean;
  maxLineBytes?: number;
  /** Quiet time before a gzip file is read, so one still being written is not read half. */
  gzipSettleMs?: number;
  /** How long a rotated-away file stays open (and drained) after it last grew. */
  rotationGraceMs?: number;
  /** Trailing re-check after a poke: the watcher can drop the last change event. */
  recheckMs?: number;
  /** Descriptors shared with the other tailers of the source (default: a budget of 64 of its own). */
  descriptors?: DescriptorBudget;
  /** The rotated copies that were there when following began: history, never read here. */
  baseline?: SiblingBaseline;
  /** True when another tailer follows that file: its lines are read there. */
  followedElsewhere?(path: string, stats: Stats): boolean;
  /**
   * The first open waits for this (the monitor reads a file's rotated copies, its older
   * history, before the file itself). No descriptor is held meanwhile; the rotated copies
   * that appeared while it waited (the file itself, renamed away) are read at the first
   * open, before the file now at the path.
   */
  readAfter?: Promise<void>;
  signal: AbortSignal;
  lines(lines: string[]): void;
  status(state: SourceState, message?: string): void;
  /** Called once when the tailer has stopped for good (path removed, `forgetWhenRemoved`). */
  onForget?(): void;
}

/** One file this tailer reads or has read from, open or not. */
interface TrackedFile {
  /** The open descriptor, or none (given back to the budget, finished, or not opened yet). */
  handle: FileHandle | undefined;
  identity: string;
  dev: number;
  ino: number;
  offset: number;
  splitter: LineSplitter;
  kind: 'unknown' | 'plain' | 'gzip';
  fingerprint: ContentFingerprint;
  done: boolean;
  retiredAt: number;
  /** Last time a read returned bytes. */
  grewAt: number;
  gzipSize: number;
  gzipChangedAt: number;
  seenSize: number;
  seenMtimeMs: number;
}

/** Follows one file path; see the module comment. Drive it with {@link FileTailer.poke}. */
export class FileTailer implements DescriptorHolder {
  /** Lines emitted so far. */
  linesRead = 0;
  /** Truncations (copytruncate) noticed so far. */
  truncations = 0;
  /** Rotations (a new file at the path) noticed so far. */
  rotations = 0;
  /** Rotated copies read because no open descriptor accounted for them. */
  siblingsRead = 0;

  private readonly options: FileTailerOptions;
  private readonly descriptors: DescriptorBudget;
  private current: TrackedFile | undefined;
  private retired: TrackedFile[] = [];
  /** Files read from, by identity, least recent first. */
  private readonly tracked = new Map<string, TrackedFile>();
  private readonly finishedIdentities = new Set<string>();
  private baselineIdentities: Set<string> | undefined;
  private everOpened = false;
  /** True while the first open is still to come after waiting for `readAfter`. */
  private waitedToRead = false;
  private checks = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private forgotten = false;
  private relinquishWanted = false;
  private scanning = false;
  private recheckTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private lastState: SourceState | undefined;
  private lastMessage: string | undefined;

  constructor(options: FileTailerOptions) {
    this.options = options;
    this.descriptors = options.descriptors ?? new DescriptorBudget(64);
  }

  /** The followed path. */
  get path(): string {
    return this.options.path;
  }

  /** True once the tailer has nothing more to do (a finished gzip file, a forgotten path). */
  get finished(): boolean {
    return this.forgotten || this.closed || (this.current?.done === true && this.current.kind === 'gzip' && this.retired.length === 0);
  }

  /** True when this tailer reads, or has open, the file with this device and inode. */
  holds(dev: number, ino: number): boolean {
    const same = (f: TrackedFile | undefined): boolean => f !== undefined && f.dev === dev && f.ino === ino;
    return same(this.current) || this.retired.some(same);
  }

  /** Something may have changed: check now, and once more a little later. */
  poke(): void {
    if (this.closed || this.forgotten) return;
    void this.check();
    if (this.recheckTimer === undefined) {
      this.recheckTimer = setTimeout(() => {
        this.recheckTimer = undefined;
        void this.check();
      }, this.options.recheckMs ?? 100);
    }
  }

  /** The budget is short: give back every descriptor that is not in the middle of a read. */
  relinquish(): void {
    this.relinquishWanted = true;
    void this.check();
  }

  /** Runs one check (serialised: a check requested while one runs makes it go round again). */
  check(): Promise<void> {
    if (this.closed || this.forgotten) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again && !this.closed && !this.forgotten && !this.options.signal.aborted);
      if (this.relinquishWanted || this.descriptors.waiting > 0) await this.closeIdle();
    })()
      .catch(async (error: unknown) => {
        if (!this.closed) this.setStatus('error', await describeFileError(error, this.path));
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops: clears timers, waits for a running check, closes every descriptor. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recheckTimer);
    clearTimeout(this.settleTimer);
    await this.running;
    const files = [...this.retired, ...(this.current ? [this.current] : [])];
    this.retired = [];
    this.current = undefined;
    await Promise.all(files.map((f) => this.closeHandle(f)));
  }

  private async checkOnce(): Promise<void> {
    const { path } = this;
    this.checks += 1;
    this.baselineIdentities ??= (await this.options.baseline?.identitiesNear(path)) ?? new Set();
    if (this.options.readAfter !== undefined && !this.everOpened && !this.waitedToRead) {
      this.setStatus('starting', 'its rotated copies are read first');
      await this.options.readAfter;
      this.waitedToRead = true;
      if (this.closed || this.options.signal.aborted) return;
    }
    let found: Stats | undefined;
    let statError: unknown;
    try {
      found = await stat(path);
    } catch (error) {
      statError = error;
    }
    const cur = this.current;
    if (cur && found && fileIdentity(found) === cur.identity) {
      await this.drainRetired();
      if (cur.handle === undefined) {
        if (cur.done || (cur.kind !== 'gzip' && found.size === cur.offset && found.mtimeMs === cur.seenMtimeMs)) return;
        if (!(await this.reopen(cur, path))) return;
      }
      await this.advance(cur);
      return;
    }
    if (cur) {
      // The path names another file now, or nothing: drain the one we had before moving on.
      this.current = undefined;
      if (cur.handle !== undefined) {
        await this.advance(cur);
        cur.retiredAt = Date.now();
        this.retired.push(cur);
      }
      if (found) this.rotations += 1;
    }
    await this.drainRetired();
    // Files renamed away before they could be opened, and the rest of `cur` if it had no
    // descriptor. Listed once the next file is open, so that every rotation before the one
    // that file came from is on disk to be seen.
    // So are those renamed away while the first open waited (readAfter).
    const readSiblings =
      (cur !== undefined && cur.kind !== 'gzip') || (this.waitedToRead && !this.everOpened) ? () => this.readRotatedSiblings() : undefined;
    if (this.closed || this.options.signal.aborted) return;
    if (!found) {
      await readSiblings?.();
      await this.reportMissing(statError);
      return;
    }
    const problem = describeNonFile(found);
    if (problem !== undefined) {
      await readSiblings?.();
      this.setStatus('error', problem);
      return;
    }
    await this.openCurrent(readSiblings);
  }

  private async reportMissing(statError: unknown): Promise<void> {
    if (this.options.forgetWhenRemoved && this.everOpened) {
      if (this.retired.length === 0) this.forget('removed');
      return;
    }
    if (this.everOpened) {
      this.setStatus('connected', 'removed; waiting for it to be created again');
      return;
    }
    this.setStatus('error', `${await describeFileError(statError, this.path)}; will read it when it appears`);
  }

  /** Opens the file at the path as the current one; `beforeRead` runs once it is open, before it is read. */
  private async openCurrent(beforeRead?: () => Promise<void>): Promise<void> {
    const opened = await this.openFile(this.path);
    if (!opened) {
      await beforeRead?.();
      return;
    }
    const { handle, stats } = opened;
    // Only a file that is there at the very first look counts as existing: one that
    // appears later is new, and read from its start.
    const atEnd = this.options.startAtEnd && !this.everOpened && this.checks === 1;
    this.everOpened = true;
    const file = this.track(handle, stats);
    this.current = file;
    if (atEnd && stats.size > 0) {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      if (isGzipMagic(head.subarray(0, bytesRead))) {
        file.kind = 'gzip';
        if (!this.options.readExistingGzip) {
          await this.finishGzip(file, 'done', 'compressed file that existed at start: not read (use --from-start to read it)');
          return;
        }
      } else {
        file.kind = 'plain';
        file.offset = stats.size;
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, stats.size - 1);
        // Started in the middle of a line: its beginning is not ours to read.
        file.splitter = new LineSplitter({ maxLineBytes: this.options.maxLineBytes, skipFirstLine: last[0] !== 0x0a });
        await file.fingerprint.load(handle, file.offset);
      }
    }
    this.setStatus('connected');
    await beforeRead?.();
    await this.advance(file);
  }

  /** A new record for a file just opened, remembered by identity. */
  private track(handle: FileHandle | undefined, stats: Stats): TrackedFile {
    const file: TrackedFile = {
      handle,
      identity: fileIdentity(stats),
      dev: stats.dev,
      ino: stats.ino,
      offset: 0,
      splitter: this.newSplitter(),
      kind: 'unknown',
      fingerprint: new ContentFingerprint(),
      done: false,
      retiredAt: 0,
      grewAt: 0,
      gzipSize: -1,
      gzipChangedAt: 0,
      seenSize: -1,
      seenMtimeMs: -1,
    };
    this.remember(file);
    return file;
  }

  private newSplitter(): LineSplitter {
    return new LineSplitter({ maxLineBytes: this.options.maxLineBytes });
  }

  private remember(file: TrackedFile): void {
    this.tracked.delete(file.identity);
    this.tracked.set(file.identity, file);
    for (const [identity, old] of this.tracked) {
      if (this.tracked.size <= MAX_TRACKED) break;
      if (old === this.current || old.handle !== undefined) continue;
      this.tracked.delete(identity);
      this.finish(identity);
    }
  }

  private finish(identity: string): void {
    if (this.finishedIdentities.size >= MAX_FINISHED) this.finishedIdentities.clear();
    this.finishedIdentities.add(identity);
  }

  /**
   * Opens `path` with a descriptor from the budget. Never waits for one while holding
   * another (that is what keeps a full budget from deadlocking). When the system refuses
   * (EMFILE/ENFILE), says so and tries again shortly.
   */
  private async openFile(path: string): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
    if (this.descriptors.full) await this.closeIdle();
    await this.descriptors.acquire(this);
    const opened = await openRegularFile(path);
    if (opened.ok) return opened;
    this.descriptors.release(this);
    if (opened.code === 'ENOENT') {
      // Renamed or removed between the look and the open (a rotation under way): look again.
      this.again = true;
      return undefined;
    }
    if (isOutOfDescriptors(opened.code)) {
      this.descriptors.exhausted();
      this.setStatus('retrying', `${opened.message}; ${this.descriptors.waiting} more file(s) wait; retrying`);
      this.scheduleSettle(OUT_OF_DESCRIPTORS_RETRY_MS);
      return undefined;
    }
    this.setStatus('error', opened.message);
    return undefined;
  }

  /** Opens `path` again for `file`; false (and closed) when the path names another file by now. */
  private async reopen(file: TrackedFile, path: string): Promise<boolean> {
    const opened = await this.openFile(path);
    if (!opened) return false;
    if (fileIdentity(opened.stats) !== file.identity) {
      await opened.handle.close().catch(() => undefined);
      this.descriptors.release(this);
      this.again = true;
      return false;
    }
    file.handle = opened.handle;
    return true;
  }

  private async closeHandle(file: TrackedFile): Promise<void> {
    const { handle } = file;
    if (handle === undefined) return;
    file.handle = undefined;
    await handle.close().catch(() => undefined);
    this.descriptors.release(this);
  }

  /** Gives every descriptor not in use back: the current file (re-opened by path when it grows) and rotated-away ones. */
  private async closeIdle(): Promise<void> {
    this.relinquishWanted = false;
    for (const old of this.retired) await this.retire(old);
    this.retired = [];
    if (this.current) await this.closeHandle(this.current);
  }

  private async drainRetired(): Promise<void> {
    if (this.retired.length === 0) return;
    const now = Date.now();
    const keep: TrackedFile[] = [];
    const graceMs = this.options.rotationGraceMs ?? 2000;
    for (const [i, old] of this.retired.entries()) {
      await this.advance(old);
      // A writer may keep writing to the renamed file until it reopens (SIGHUP, postrotate):
      // keep it while it still grows, within bounds.
      const quietSince = Math.max(old.retiredAt, old.grewAt);
      const tooMany = this.retired.length - i > MAX_RETIRED;
      if (now - quietSince < graceMs && !tooMany && !this.options.signal.aborted && !this.descriptors.full) {
        keep.push(old);
        continue;
      }
      await this.retire(old);
    }
    this.retired = keep;
  }

  /** A rotated-away file is finished with: its last partial line is a line, its descriptor goes back. */
  private async retire(old: TrackedFile): Promise<void> {
    if (old.handle !== undefined) await this.advance(old);
    if (!old.done) this.emitLastLine(old);
    await this.closeHandle(old);
  }

  /**
   * Reads the rotated copies next to the path that appeared since following began and that
   * no open descriptor accounts for, oldest first. See the module comment.
   */
  private async readRotatedSiblings(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      // A listing that races the writer's renames (`.1` to `.2` while it is read) can miss
      // a file: list again until a pass finds nothing new, a few times at most.
      for (let pass = 0; pass < 8; pass += 1) {
        const { siblings, raced } = await listRotatedSiblings(this.path);
        let foundNew = false;
        for (const sibling of siblings) {
          if (this.closed || this.options.signal.aborted) return;
          if (await this.readSibling(sibling)) foundNew = true;
        }
        if (!raced && !foundNew) break;
      }
    } finally {
      this.scanning = false;
    }
  }

  /** Reads what is new in one rotated copy; true when it was a file not looked at before. */
  private async readSibling(sibling: RotatedSibling): Promise<boolean> {
    const { identity, stats } = sibling;
    if (this.baselineIdentities?.has(identity) || this.finishedIdentities.has(identity)) return false;
    if (this.retired.some((f) => f.identity === identity) || this.current?.identity === identity) return false;
    if (this.options.followedElsewhere?.(sibling.path, stats)) return false;
    const known = this.tracked.get(identity);
    if (known) {
      // A file this tailer read part of, renamed while it had no descriptor: read the rest.
      // Not found where listed (renamed again meanwhile): the next pass looks for it.
      if (!known.done && known.kind !== 'gzip' && stats.size !== known.offset) return !(await this.readRest(known, sibling));
      return false;
    }
    const opened = await this.openFile(sibling.path);
    if (!opened) return false;
    if (fileIdentity(opened.stats) !== identity) {
      // The writer renamed another file to this name since the listing: list again.
      await opened.handle.close().catch(() => undefined);
      this.descriptors.release(this);
      return true;
    }
    const file = this.track(opened.handle, opened.stats);
    try {
      const start = await readStart(opened.handle);
      if (isGzipMagic(start)) {
        // A compressed rotation holds what was read from the plain file it was made of;
        // one whose content starts like nothing read here is new, and read whole.
        if (!this.startsLikeRead(await readGzipStart(opened.handle, FINGERPRINT_HEAD_BYTES))) await this.readWholeGzip(file, sibling);
        file.done = true;
        return true;
      }
      const original = this.copiedFrom(start);
      if (original === 'current') {
        // A copy of the file being read (copytruncate under way, or a backup): the current
        // file still holds these bytes, and when it is cut, the copy is read from there.
        this.tracked.delete(identity);
        return false;
      }
      if (original) {
        if (stats.size > original.offset) {
          file.offset = original.offset;
          file.fingerprint = original.fingerprint;
          // The original's partial line continues in the copy.
          file.splitter = original.splitter;
        } else {
          file.offset = stats.size;
        }
        original.done = true;
      }
      file.kind = 'plain';
      await this.advance(file);
      if (file.done) {
        // The copy did not hold what was read of the original after all: read it whole.
        Object.assign(file, { done: false, offset: 0, seenSize: -1, fingerprint: new ContentFingerprint(), splitter: this.newSplitter() });
        if (await this.reopen(file, sibling.path)) await this.advance(file);
      }
      this.emitLastLine(file);
      this.siblingsRead += 1;
      return true;
    } finally {
      await this.closeHandle(file);
    }
  }

  /** Reads what was appended to a file read before, now under a rotated name; false when it was not there. */
  private async readRest(file: TrackedFile, sibling: RotatedSibling): Promise<boolean> {
    if (file.handle === undefined && !(await this.reopen(file, sibling.path))) return false;
    try {
      await this.advance(file);
      this.emitLastLine(file);
      this.siblingsRead += 1;
      return true;
    } finally {
      await this.closeHandle(file);
    }
  }

  /** The tracked file whose read bytes `start` begins with ('current' for the file being read). */
  private copiedFrom(start: Buffer): TrackedFile | 'current' | undefined {
    const cur = this.current;
    if (cur && cur.kind === 'plain' && cur.fingerprint.sameStart(start)) return 'current';
    let found: TrackedFile | undefined;
    for (const file of this.tracked.values()) {
      if (file !== cur && file.kind === 'plain' && !file.done && file.fingerprint.sameStart(start)) found = file;
    }
    return found;
  }

  /** True when `start` (of another file's content) begins like a file read here. */
  private startsLikeRead(start: Buffer): boolean {
    for (const file of this.tracked.values()) if (file.kind === 'plain' && file.fingerprint.sameStart(start)) return true;
    return false;
  }

  private async readWholeGzip(file: TrackedFile, sibling: RotatedSibling): Promise<void> {
    if (file.handle === undefined) return;
    try {
      await readGzipLines(file.handle, (lines) => this.emit(lines), this.options.signal, { maxLineBytes: this.options.maxLineBytes });
      this.siblingsRead += 1;
    } catch (error) {
      this.setStatus('error', `${sibling.path}: ${describeGzipError(error)}`);
    }
  }

  /** Reads what was appended to `file` since the last call. */
  private async advance(file: TrackedFile): Promise<void> {
    if (file.done || file.handle === undefined) return;
    if (file.kind === 'gzip') {
      await this.advanceGzip(file);
      return;
    }
    const { size, mtimeMs } = await file.handle.stat();
    // Unchanged since the last look (the usual case for the periodic re-check): no reads.
    if (size === file.seenSize && mtimeMs === file.seenMtimeMs && size === file.offset) return;
    file.seenSize = size;
    file.seenMtimeMs = mtimeMs;
    if (size < file.offset && !(await this.restartAfterTruncation(file))) return;
    // Allocated per pass, not per tailer: thousands of idle followed files hold no buffers.
    // Room in front for the remembered tail, which every read fetches again to vouch for the rest.
    const buffer = Buffer.allocUnsafe(FINGERPRINT_TAIL_BYTES + CHUNK_BYTES);
    const { signal } = this.options;
    while (!signal.aborted && !this.closed && file.handle !== undefined) {
      const chunk = await file.fingerprint.readAfter(file.handle, file.offset, buffer);
      if (chunk === undefined) {
        if (await this.restartAfterTruncation(file)) continue;
        return;
      }
      if (chunk.length === 0) return;
      if (file.kind === 'unknown') {
        if (isGzipMagic(chunk)) {
          file.kind = 'gzip';
          await this.advanceGzip(file);
          return;
        }
        if (chunk.length === 1 && chunk[0] === 0x1f) return; // maybe the first byte of a gzip header
        file.kind = 'plain';
      }
      const lines: string[] = [];
      file.splitter.push(chunk, lines);
      file.fingerprint.observe(file.offset, chunk);
      file.offset += chunk.length;
      file.grewAt = Date.now();
      this.descriptors.touch(this);
      this.emit(lines);
    }
  }

  /**
   * The file no longer holds what was read from it (shorter than the offset, or other bytes
   * before it). Returns true when reading goes on from the start (copytruncate of the
   * current file), false when this file is finished with.
   */
  private async restartAfterTruncation(file: TrackedFile): Promise<boolean> {
    if (file !== this.current) {
      // A rotated-away file that shrinks was reused for something else (a copy written
      // over it): what it holds now is not ours to read.
      file.done = true;
      await this.closeHandle(file);
      return false;
    }
    // copytruncate: what was written after the last read and before the cut is in the copy.
    // What was read so far lives on as a record of its own, which the copy continues; the
    // partial line is shared (a writer that was mid-line finishes it in the copy, or at the
    // start of the truncated file).
    const before: TrackedFile = { ...file, handle: undefined, identity: `${file.identity}@${file.offset}` };
    this.remember(before);
    file.offset = 0;
    file.fingerprint = new ContentFingerprint();
    file.seenSize = -1;
    this.truncations += 1;
    await this.readRotatedSiblings();
    before.done = true;
    return true;
  }

  /** A gzip file is read once, whole, after its size has been still for a moment. */
  private async advanceGzip(file: TrackedFile): Promise<void> {
    if (file.handle === undefined) return;
    const settleMs = this.options.gzipSettleMs ?? 300;
    const { size } = await file.handle.stat();
    const now = Date.now();
    if (size !== file.gzipSize) {
      file.gzipSize = size;
      file.gzipChangedAt = now;
      // No descriptor is held while it settles: it is re-opened by path to be read.
      await this.closeHandle(file);
      this.scheduleSettle(settleMs);
      return;
    }
    if (now - file.gzipChangedAt < settleMs) {
      await this.closeHandle(file);
      this.scheduleSettle(settleMs - (now - file.gzipChangedAt));
      return;
    }
    this.setStatus('connected', 'reading compressed file');
    try {
      const summary = await readGzipLines(file.handle, (lines) => this.emit(lines), this.options.signal, {
        maxLineBytes: this.options.maxLineBytes,
      });
      await this.finishGzip(file, 'done', `read ${summary.lines} lines (gzip)`);
    } catch (error) {
      await this.finishGzip(file, 'error', describeGzipError(error));
    }
  }

  private async finishGzip(file: TrackedFile, state: SourceState, message: string): Promise<void> {
    file.done = true;
    // The record stays (handle-less) so the same inode is not read twice; a new file at the path is.
    await this.closeHandle(file);
    if (!this.options.signal.aborted) this.setStatus(state, message);
  }

  private scheduleSettle(ms: number): void {
    if (this.settleTimer !== undefined || this.closed) return;
    this.settleTimer = setTimeout(
      () => {
        this.settleTimer = undefined;
        void this.check();
      },
      Math.max(10, ms),
    );
  }

  private forget(message: string): void {
    this.forgotten = true;
    clearTimeout(this.recheckTimer);
    clearTimeout(this.settleTimer);
    this.setStatus('done', message);
    this.options.onForget?.();
  }

  /** A file that is finished with (rotated away): its partial last line is a line. */
  private emitLastLine(file: TrackedFile): void {
    const rest: string[] = [];
    file.splitter.flush(rest);
    this.emit(rest);
  }

  private emit(lines: string[]): void {
    if (lines.length === 0) return;
    this.linesRead += lines.length;
    this.options.lines(lines);
  }

  private setStatus(state: SourceState, message?: string): void {
    if (state === this.lastState && message === this.lastMessage) return;
    this.lastState = state;
    this.lastMessage = message;
    this.options.status(state, message);
  }
}

/** The first bytes of an open file, as many as a fingerprint's head holds. */
async function readStart(handle: FileHandle): Promise<Buffer> {
  const start = Buffer.alloc(FINGERPRINT_HEAD_BYTES);
  const { bytesRead } = await handle.read(start, 0, start.length, 0);
  return start.subarray(0, bytesRead);
}
