/**
 * Follows one path: reads appended bytes from a kept offset, survives rename-and-create
 * rotation (the old descriptor stays open and is drained to its end first), copytruncate
 * (size below the offset, or the bytes before the offset no longer the ones read),
 * deletion and re-creation. `.gz` content is read once, whole. The watcher only says
 * *that* something changed; every decision here comes from stat and the bytes.
 */
import type { Stats } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import type { SourceState } from '../types.js';
import { ContentFingerprint, FINGERPRINT_TAIL_BYTES } from './content-fingerprint.js';
import { describeFileError, describeNonFile, openRegularFile } from './file-errors.js';
import { LineSplitter } from './line-splitter.js';
import { CHUNK_BYTES, describeGzipError, isGzipMagic, readGzipLines } from './read-file-lines.js';

/** Most rotated-away files kept open at once for one path. */
const MAX_RETIRED = 4;

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
  signal: AbortSignal;
  lines(lines: string[]): void;
  status(state: SourceState, message?: string): void;
  /** Called once when the tailer has stopped for good (path removed, `forgetWhenRemoved`). */
  onForget?(): void;
}

interface OpenFile {
  handle: FileHandle;
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
export class FileTailer {
  /** Lines emitted so far. */
  linesRead = 0;
  /** Truncations (copytruncate) noticed so far. */
  truncations = 0;
  /** Rotations (a new file at the path) noticed so far. */
  rotations = 0;

  private readonly options: FileTailerOptions;
  private current: OpenFile | undefined;
  private retired: OpenFile[] = [];
  private everOpened = false;
  private checks = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private forgotten = false;
  private recheckTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private lastState: SourceState | undefined;
  private lastMessage: string | undefined;

  constructor(options: FileTailerOptions) {
    this.options = options;
  }

  /** The followed path. */
  get path(): string {
    return this.options.path;
  }

  /** True once the tailer has nothing more to do (a finished gzip file, a forgotten path). */
  get finished(): boolean {
    return this.forgotten || this.closed || (this.current?.done === true && this.current.kind === 'gzip' && this.retired.length === 0);
  }

  /** True when this tailer has the file with this device and inode open. */
  holds(dev: number, ino: number): boolean {
    const same = (f: OpenFile | undefined): boolean => f !== undefined && f.dev === dev && f.ino === ino;
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
    await Promise.all(files.map((f) => f.handle.close().catch(() => undefined)));
  }

  private async checkOnce(): Promise<void> {
    const { path } = this;
    this.checks += 1;
    let found: Stats | undefined;
    let statError: unknown;
    try {
      found = await stat(path);
    } catch (error) {
      statError = error;
    }
    const cur = this.current;
    if (cur && found && found.ino === cur.ino && found.dev === cur.dev) {
      await this.drainRetired();
      await this.advance(cur);
      return;
    }
    if (cur) {
      // The path names another file now, or nothing: drain the one we had before moving on.
      await this.advance(cur);
      cur.retiredAt = Date.now();
      this.retired.push(cur);
      this.current = undefined;
      if (found) this.rotations += 1;
    }
    await this.drainRetired();
    if (this.closed || this.options.signal.aborted) return;
    if (!found) {
      await this.reportMissing(statError);
      return;
    }
    const problem = describeNonFile(found);
    if (problem !== undefined) {
      this.setStatus('error', problem);
      return;
    }
    await this.openCurrent();
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

  private async openCurrent(): Promise<void> {
    const opened = await openRegularFile(this.path);
    if (!opened.ok) {
      this.setStatus('error', opened.message);
      return;
    }
    const { handle, stats } = opened;
    // Only a file that is there at the very first look counts as existing: one that
    // appears later is new, and read from its start.
    const atEnd = this.options.startAtEnd && !this.everOpened && this.checks === 1;
    this.everOpened = true;
    const file: OpenFile = {
      handle,
      dev: stats.dev,
      ino: stats.ino,
      offset: 0,
      splitter: new LineSplitter({ maxLineBytes: this.options.maxLineBytes }),
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
    await this.advance(file);
  }

  private async drainRetired(): Promise<void> {
    if (this.retired.length === 0) return;
    const now = Date.now();
    const keep: OpenFile[] = [];
    const graceMs = this.options.rotationGraceMs ?? 2000;
    for (const [i, old] of this.retired.entries()) {
      await this.advance(old);
      // A writer may keep writing to the renamed file until it reopens (SIGHUP, postrotate):
      // keep it while it still grows, within bounds.
      const quietSince = Math.max(old.retiredAt, old.grewAt);
      const tooMany = this.retired.length - i > MAX_RETIRED;
      if (now - quietSince < graceMs && !tooMany && !this.options.signal.aborted) {
        keep.push(old);
        continue;
      }
      if (!old.done) {
        const rest: string[] = [];
        old.splitter.flush(rest);
        this.emit(rest);
      }
      await old.handle.close().catch(() => undefined);
    }
    this.retired = keep;
  }

  /** Reads what was appended to `file` since the last call. */
  private async advance(file: OpenFile): Promise<void> {
    if (file.done) return;
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
    while (!signal.aborted && !this.closed) {
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
      this.emit(lines);
    }
  }

  /**
   * The file no longer holds what was read from it (shorter than the offset, or other bytes
   * before it). Returns true when reading goes on from the start (copytruncate of the
   * current file), false when this file is finished with.
   */
  private async restartAfterTruncation(file: OpenFile): Promise<boolean> {
    if (file !== this.current) {
      // A rotated-away file that shrinks was reused for something else (a copy written
      // over it): what it holds now is not ours to read.
      file.done = true;
      await file.handle.close().catch(() => undefined);
      file.handle = closedHandle;
      return false;
    }
    // copytruncate: start again at 0. The partial line is kept: a writer that was
    // mid-line finishes it at the start of the truncated file.
    file.offset = 0;
    file.fingerprint.reset();
    this.truncations += 1;
    return true;
  }

  /** A gzip file is read once, whole, after its size has been still for a moment. */
  private async advanceGzip(file: OpenFile): Promise<void> {
    const settleMs = this.options.gzipSettleMs ?? 300;
    const { size } = await file.handle.stat();
    const now = Date.now();
    if (size !== file.gzipSize) {
      file.gzipSize = size;
      file.gzipChangedAt = now;
      this.scheduleSettle(settleMs);
      return;
    }
    if (now - file.gzipChangedAt < settleMs) {
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

  private async finishGzip(file: OpenFile, state: SourceState, message: string): Promise<void> {
    file.done = true;
    await file.handle.close().catch(() => undefined);
    // Keep a handle-less record so the same inode is not read twice; a new file at the path is.
    file.handle = closedHandle;
    if (!this.options.signal.aborted) this.setStatus(state, message);
  }

  private scheduleSettle(ms: number): void {
    if (this.settleTimer !== undefined || this.closed) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      void this.check();
    }, Math.max(10, ms));
  }

  private forget(message: string): void {
    this.forgotten = true;
    clearTimeout(this.recheckTimer);
    clearTimeout(this.settleTimer);
    this.setStatus('done', message);
    this.options.onForget?.();
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

/** Stands in for the handle of a file that is finished and closed; closing it again is a no-op. */
const closedHandle = { close: async () => undefined } as unknown as FileHandle;
