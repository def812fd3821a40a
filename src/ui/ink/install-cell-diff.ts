/**
 * Puts the cell-diff writer (cell-diff-log.ts) in place of the log-update object of one
 * mounted Ink instance: Ink 8 renders a frame string and hands it to `this.log` (directly,
 * and through its frame-rate throttle, which looks `this.log` up at each call), so the
 * instance's `log` is the one seam where a writer can take the frame.
 *
 * The gate is exact, as for the fast output stage: Ink 8.0.0, and the SHA-256 of its
 * `ink.js` (which calls the log: render, clear-terminal, suspend, unmount paths) and of
 * `log-update.js` (whose behaviour the writer keeps: where the cursor rests, what `sync`,
 * `clear` and `done` mean). Anything else, or `TLSTOP_TERMINAL_WRITER=ink-incremental`,
 * keeps Ink's own incremental log-update (`=full`: Ink's whole-frame writes), and says why (`cellDiffStatus()`: the monitor's diagnostics and
 * `tlstop --version` print it).
 */
import { createCellDiffLog, type CellDiffCounters, type InkLog } from './cell-diff-log.js';
import { inkModuleSha256, inkVersion } from '../../runtime/package-files.js';

/** The Ink release whose log-update contract the writer keeps. */
export const CELL_DIFF_INK_VERSION = '8.0.0';
/** SHA-256 of that release's `build/ink.js` and `build/log-update.js`. */
export const CELL_DIFF_FINGERPRINTS = {
  'ink.js': '54975ccb060dbc0f155990fe210a62eb00fa648cc89e60e68cb271395feb456a',
  'log-update.js': '0336ec176d00780756df0c2b6c365cd2f67118e28d0f9b5383e113fd9f70f285',
} as const;

/** The writers `TLSTOP_TERMINAL_WRITER` chooses between. */
export type TerminalWriter = 'cell-diff' | 'ink-incremental' | 'full';

/** The writer asked for in `env` (the cell diff unless said otherwise; an unknown value is the default). */
export function requestedWriter(env: NodeJS.ProcessEnv = process.env): TerminalWriter {
  const v = env['TLSTOP_TERMINAL_WRITER'];
  return v === 'ink-incremental' || v === 'full' ? v : 'cell-diff';
}

/** Why the writer would not be used with this Ink, or null when it would. */
export function cellDiffMismatch(env: NodeJS.ProcessEnv = process.env): string | null {
  const requested = requestedWriter(env);
  if (requested !== 'cell-diff') return `TLSTOP_TERMINAL_WRITER=${requested}`;
  const version = inkVersion();
  if (version !== CELL_DIFF_INK_VERSION) return `Ink ${version} is not the checked Ink ${CELL_DIFF_INK_VERSION}`;
  for (const [file, expected] of Object.entries(CELL_DIFF_FINGERPRINTS)) {
    const actual = inkModuleSha256(`./${file}`);
    if (actual !== expected) {
      return `Ink's ${file} differs from the checked one (sha256 ${actual?.slice(0, 12) ?? 'unreadable'}, expected ${expected.slice(0, 12)})`;
    }
  }
  return null;
}

/** The parts of Ink's instance the writer replaces (ink/build/ink.js). */
interface InkWithLog {
  log: InkLog;
  throttledLog: unknown;
  lastOutputToRender: string;
}

function hasLog(value: unknown): value is InkWithLog {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const log = v['log'] as Record<string, unknown> | undefined;
  return (
    typeof log === 'function' &&
    ['clear', 'done', 'reset', 'sync', 'setCursorPosition', 'isCursorDirty', 'willRender', 'getCursorPosition'].every(
      (m) => typeof log[m] === 'function',
    ) &&
    typeof v['lastOutputToRender'] === 'string'
  );
}

/** What installing did for the instance last mounted, for the status line. */
let lastResult: { active: boolean; reason: string | null } | null = null;

/** The writer on one instance. */
export interface CellDiffHandle {
  readonly active: boolean;
  /** Why not, when not. */
  readonly reason: string | null;
  readonly counters: CellDiffCounters | null;
}

/**
 * Swap the log of the Ink instance `ink` (from Ink's `instances` map) for the cell-diff
 * writer on `stream` (the stream Ink writes frames to), when the gate allows.
 */
export function installCellDiff(ink: unknown, stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): CellDiffHandle {
  const mismatch = cellDiffMismatch(env);
  const result = (active: boolean, reason: string | null, counters: CellDiffCounters | null = null): CellDiffHandle => {
    lastResult = { active, reason };
    return { active, reason, counters };
  };
  if (mismatch) return result(false, mismatch);
  if (!hasLog(ink)) return result(false, "Ink's instance has another shape than Ink 8.0.0's");
  const own = ink.log;
  const unthrottled = ink.throttledLog === own;
  const log = createCellDiffLog(stream, {
    shown: ink.lastOutputToRender,
    cursorHidden: ink.lastOutputToRender !== '',
    // A component placed a cursor: Ink's own log-update draws from the frame on screen on.
    onCursorWanted(position, shown) {
      own.sync(shown);
      own.setCursorPosition(position);
      ink.log = own;
      if (unthrottled) ink.throttledLog = own;
      lastResult = { active: false, reason: 'a component placed the cursor (useCursor)' };
    },
  });
  ink.log = log;
  if (unthrottled) ink.throttledLog = log;
  return result(true, null, log.counters);
}

/**
 * One line on the terminal writer: `terminal writer: cell diff (Ink 8.0.0, ink.js sha256 …,
 * log-update.js sha256 …)`, or `terminal writer: Ink's incremental (why)`. Before any
 * instance is mounted (as in `tlstop --version`) it says what the monitor would use.
 */
export function cellDiffStatus(env: NodeJS.ProcessEnv = process.env): string {
  const reason = lastResult ? lastResult.reason : cellDiffMismatch(env);
  if (reason) {
    const used = requestedWriter(env) === 'full' ? "Ink's whole frames" : "Ink's incremental";
    return `terminal writer: ${used}, not the cell diff (${reason})`;
  }
  const prints = Object.entries(CELL_DIFF_FINGERPRINTS)
    .map(([file, sha]) => `${file} sha256 ${sha.slice(0, 12)}`)
    .join(', ');
  return `terminal writer: cell diff (Ink ${inkVersion()}, ${prints})`;
}
