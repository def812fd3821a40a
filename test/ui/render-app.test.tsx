import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inkFrameControl, loadInkInstances } from '../../src/ui/ink/ink-instance.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, renderApp, SHOW_CURSOR, type StopReason } from '../../src/ui/render-app.js';
import { expectQuietFor, waitFor } from '../helpers/wait-for.js';
import { makeProps } from './fixtures.js';
import { TerminalModel } from './terminal-model.js';

class CaptureStdout extends EventEmitter {
  chunks: string[] = [];
  isTTY = true;
  columns = 80;
  rows = 24;
  write = (s: string, ...rest: unknown[]) => {
    this.chunks.push(s);
    // As a real stream does: Ink 8 resolves waitUntilExit from a write's callback.
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    if (callback) process.nextTick(callback);
    return true;
  };
  /** Everything written from chunk `from` on. */
  since(from: number): string {
    return this.chunks.slice(from).join('');
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  rawCalls: boolean[] = [];
  private data: string | null = null;
  write(d: string) {
    this.data = d;
    this.emit('readable');
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  isRaw = false;
  setRawMode(on: boolean) {
    this.rawCalls.push(on);
    this.isRaw = on;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

describe('renderApp', () => {
  it('enters the alternate screen first, and on quit leaves it, shows the cursor and drops its handlers', async () => {
    const stdout = new CaptureStdout();
    const stdin = new FakeStdin();
    const before = process.listenerCount('uncaughtExceptionMonitor');
    const { props } = makeProps();
    // eslint-disable-next-line prefer-const -- assigned after the promise that reads it is made
    let app: ReturnType<typeof renderApp> | undefined;
    const quit = new Promise<void>((resolve) => {
      props.onQuit = () => {
        app?.unmount();
        resolve();
      };
    });
    app = renderApp(props, { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream });
    expect(stdout.chunks[0]).toBe(ENTER_ALT_SCREEN);
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before + 1);
    await waitFor(() => stdout.chunks.join('').includes('tlstop'), 'the first frame', 2000);
    stdin.write('q');
    await quit;
    await app.waitUntilExit();
    const all = stdout.chunks.join('');
    expect(all.endsWith(LEAVE_ALT_SCREEN + SHOW_CURSOR)).toBe(true);
    expect(all.split(LEAVE_ALT_SCREEN)).toHaveLength(2);
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before);
    expect(stdin.rawCalls.at(-1)).toBe(false);
    app.unmount();
    expect(stdout.chunks.join('')).toBe(all);
  });

  it('does not touch the alternate screen on a non-TTY unless asked', () => {
    const stdout = Object.assign(new CaptureStdout(), { isTTY: false });
    const app = renderApp(makeProps().props, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      handleProcessEvents: false,
    });
    app.unmount();
    expect(stdout.chunks.join('')).not.toContain(ENTER_ALT_SCREEN);
    expect(stdout.chunks.join('')).not.toContain(LEAVE_ALT_SCREEN);
  });
});

function runChild(
  mode: 'signal' | 'crash',
): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
  const script = fileURLToPath(new URL('./render-child.tsx', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (mode === 'signal' && stderr.includes('ready') && stdout.includes('tlstop')) child.kill('SIGTERM');
  });
  child.stdout.on('data', () => {
    if (mode === 'signal' && stderr.includes('ready') && stdout.includes('tlstop')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal })));
}

describe.concurrent('terminal restore in a real process', () => {
  it('restores the main screen and the cursor on SIGTERM, then dies of that signal', async () => {
    const r = await runChild('signal');
    expect(r.stdout.startsWith(ENTER_ALT_SCREEN)).toBe(true);
    expect(r.stdout.endsWith(LEAVE_ALT_SCREEN + SHOW_CURSOR)).toBe(true);
    expect(r.signal).toBe('SIGTERM');
  });

  it('restores the main screen on an uncaught exception, and the error is still printed', async () => {
    const r = await runChild('crash');
    expect(r.stdout).toContain(LEAVE_ALT_SCREEN + SHOW_CURSOR);
    expect(r.stderr).toContain('boom from the child');
    expect(r.code).toBe(1);
  });
});

/** Terminal sequences the checks below look for. */
const HIDE_CURSOR = '\x1b[?25l';
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
const CLEAR_SCROLLBACK = '\x1b[3J';

/**
 * Gives a render Ink may still have scheduled (it throttles to maxFps) the chance to land
 * before the screen is read. Nothing signals that none is coming, so this is a deliberate
 * short wait, not a wait for a condition (the frame itself is awaited with waitFor first).
 */
const scheduledRenders = () => new Promise((r) => setTimeout(r, 20));
/** What a terminal of this size shows after these writes, starting from `start` (a copy of its screen and cursor). */
function replay(columns: number, rows: number, data: string, start?: TerminalModel): string[] {
  const model = new TerminalModel(columns, rows);
  if (start) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) model.screen[r]![c] = start.screen[r]?.[c] ?? ' ';
    model.row = Math.min(start.row, rows - 1);
    model.col = Math.min(start.col, columns - 1);
  }
  model.write(data);
  return model.lines();
}
/** Mounts the App on a captured terminal of this size and waits for its first whole frame, replayed into a model. */
async function mountedAt(columns: number, rows: number) {
  const out = Object.assign(new CaptureStdout(), { columns, rows });
  const app = renderApp(makeProps().props, {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    handleProcessEvents: false,
    maxFps: 1000,
  });
  await waitFor(() => out.chunks.join('').includes('q quit'), 'the first frame');
  await scheduledRenders();
  const terminal = new TerminalModel(columns, rows);
  terminal.write(out.chunks.join(''));
  return { out, app, terminal, from: out.chunks.length };
}

/** The frame renderApp draws from scratch at this size. */
async function freshFrame(columns: number, rows: number): Promise<string[]> {
  const { app, terminal } = await mountedAt(columns, rows);
  app.unmount();
  return terminal.lines();
}
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('renderApp: suspend (Ctrl-Z) and resume', () => {
  it("reaches Ink's instance for full redraws (the pinned Ink 6.8 shape)", async () => {
    const out = new CaptureStdout();
    const stdout = out as unknown as NodeJS.WriteStream;
    const { render } = await import('ink');
    const instance = render(<></>, { stdout, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, patchConsole: false });
    try {
      expect(inkFrameControl(await loadInkInstances(), stdout)).not.toBeNull();
    } finally {
      instance.unmount();
    }
  });

  it('Ctrl-Z hands the terminal back before the process stops, then takes it again and draws the whole frame', async () => {
    const out = new CaptureStdout();
    const stdin = new FakeStdin();
    const stops: Array<{ reason: StopReason; written: string; raw: boolean | undefined }> = [];
    let atStop = 0;
    const app = renderApp(makeProps().props, {
      stdout: out as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      handleProcessEvents: false,
      maxFps: 1000,
      stopProcess: (reason) => {
        atStop = out.chunks.length;
        stops.push({ reason, written: out.chunks.join(''), raw: stdin.rawCalls.at(-1) });
      },
    });
    await waitFor(() => out.chunks.join('').includes('q quit'), 'the first frame');
    await scheduledRenders();
    const before = replay(80, 24, out.chunks.join(''));
    expect(before[0]).toMatch(/^ tlstop /);
    stdin.write('\x1a');
    await waitFor(() => stops.length === 1, 'the process to be stopped');
    expect(stops[0]?.reason).toBe('key');
    // Before stopping: cooked mode, cursor shown, main screen.
    expect(stops[0]?.raw).toBe(false);
    expect(stops[0]?.written.endsWith(LEAVE_ALT_SCREEN + SHOW_CURSOR)).toBe(true);
    // Once running again: alternate screen, raw mode, cursor hidden, and a whole frame on a cleared screen.
    await waitFor(() => strip(out.since(atStop)).includes('q quit'), 'the frame after resuming');
    const after = out.since(atStop);
    expect(after.startsWith(ENTER_ALT_SCREEN)).toBe(true);
    expect(after).toContain(HIDE_CURSOR);
    expect(after).toContain(CLEAR_SCREEN);
    expect(stdin.rawCalls.at(-1)).toBe(true);
    // The alternate screen comes back empty: what is on it is only what was drawn after resuming.
    expect(replay(80, 24, after)).toEqual(before);
    // Keys still work.
    stdin.write('?');
    await waitFor(() => strip(out.since(atStop)).includes('Esc close'), 'the help to open');
    app.unmount();
  });

  it('on resume, reads the terminal size again (a resize while the shell had the terminal) and draws the frame of that size', async () => {
    // Node's tty.WriteStream#_refreshSize: re-read the size, emit resize when it changed.
    let size = { columns: 80, rows: 24 };
    const out = Object.assign(new CaptureStdout(), {
      _refreshSize(this: CaptureStdout) {
        if (this.columns === size.columns && this.rows === size.rows) return;
        this.columns = size.columns;
        this.rows = size.rows;
        this.emit('resize');
      },
    });
    const stdin = new FakeStdin();
    let atStop = 0;
    const app = renderApp(makeProps().props, {
      stdout: out as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      handleProcessEvents: false,
      maxFps: 1000,
      stopProcess: () => {
        atStop = out.chunks.length;
        size = { columns: 70, rows: 20 };
      },
    });
    await waitFor(() => out.chunks.join('').includes('q quit'), 'the first frame');
    stdin.write('\x1a');
    await waitFor(() => atStop > 0 && strip(out.since(atStop)).includes('q quit'), 'the frame after resuming');
    await scheduledRenders();
    expect(replay(70, 20, out.since(atStop))).toEqual(await freshFrame(70, 20));
    app.unmount();
  });

  it('a suspend in a picker (an overlay that takes typed text) still suspends, and types nothing', async () => {
    const out = new CaptureStdout();
    const stdin = new FakeStdin();
    let stops = 0;
    const app = renderApp(makeProps().props, {
      stdout: out as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      handleProcessEvents: false,
      maxFps: 1000,
      stopProcess: () => void stops++,
    });
    await waitFor(() => out.chunks.join('').includes('q quit'), 'the first frame');
    stdin.write('/');
    await waitFor(() => strip(out.chunks.join('')).includes('Esc cancel'), 'the text prompt');
    stdin.write('\x1a');
    await waitFor(() => stops === 1, 'the process to be stopped');
    // Nothing typed into the prompt: no ^Z on the screen, now or in a frame drawn shortly after.
    await expectQuietFor(20, () => expect(replay(80, 24, out.chunks.join('')).some((l) => /ctrl-z|\^Z/i.test(l))).toBe(false));
    app.unmount();
  });
});

describe('renderApp: resizes end in a whole frame of the new size', () => {
  it('a width shrink (100 -> 90 columns) leaves exactly the frame drawn from scratch at 90x30', async () => {
    const { out, app, terminal, from } = await mountedAt(100, 30);
    out.columns = 90;
    out.emit('resize');
    await waitFor(() => strip(out.since(from)).includes('q quit'), 'a frame after the resize');
    await scheduledRenders();
    // Never a row of the old width, and the screen is the new frame, row for row.
    for (const line of strip(out.since(from)).split('\n')) expect([...line].length).toBeLessThanOrEqual(90);
    expect(replay(90, 30, out.since(from), terminal)).toEqual(await freshFrame(90, 30));
    app.unmount();
  });

  it('a height shrink (24 -> 22 rows) never erases the scrollback (ESC[3J), and leaves the frame drawn from scratch at 80x22', async () => {
    const { out, app, terminal, from } = await mountedAt(80, 24);
    out.rows = 22;
    out.emit('resize');
    await waitFor(() => strip(out.since(from)).includes('q quit'), 'a frame after the resize');
    await scheduledRenders();
    expect(out.chunks.join('')).not.toContain(CLEAR_SCROLLBACK);
    // The terminal keeps the top 22 rows of what it showed.
    const shrunk = new TerminalModel(80, 22);
    for (let r = 0; r < 22; r++) shrunk.screen[r] = [...terminal.screen[r]!];
    shrunk.row = Math.min(terminal.row, 21);
    expect(replay(80, 22, out.since(from), shrunk)).toEqual(await freshFrame(80, 22));
    app.unmount();
  });
});

const cleanupDirs: string[] = [];
afterAll(() => {
  for (const d of cleanupDirs) rmSync(d, { recursive: true, force: true });
});

function spawnChild(args: string[]) {
  const script = fileURLToPath(new URL('./render-child.tsx', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (seen.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (seen.stderr += d.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, seen, closed };
}

/** The process's state letter from /proc (`T` is stopped), or null without /proc. */
function procState(pid: number): string | null {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

describe.concurrent('suspend, quit and exit cleanups in a real process', () => {
  it('SIGTSTP: main screen and cursor back, the process stops; SIGCONT: alternate screen and a whole frame again', async () => {
    const { child, seen, closed } = spawnChild(['suspend']);
    const pid = child.pid!;
    await waitFor(() => seen.stderr.includes('ready') && strip(seen.stdout).includes('q quit'), 'the first frame', 20_000);
    const frameEnd = seen.stdout.length;
    child.kill('SIGTSTP');
    await waitFor(() => seen.stdout.slice(frameEnd).includes(LEAVE_ALT_SCREEN + SHOW_CURSOR), 'the terminal to be handed back', 20_000);
    // Stopped for real, unless the kernel discarded SIGTSTP (the test runner's process group is orphaned, as under some CI services).
    const state = procState(pid);
    if (state === 'T') {
      await expectQuietFor(200, () => expect(procState(pid), 'the process stays stopped').toBe('T'));
      expect(seen.stdout.slice(frameEnd)).not.toContain(ENTER_ALT_SCREEN);
      child.kill('SIGCONT');
    } else if (state !== null) {
      console.warn(`render-app suspend test: SIGTSTP did not stop the child (state ${state}): its process group is orphaned here`);
    }
    const resumed = () => {
      const at = seen.stdout.indexOf(ENTER_ALT_SCREEN, frameEnd);
      return at < 0 ? '' : seen.stdout.slice(at);
    };
    // The whole frame on the re-entered screen: header on the first row, footer on the last of the frame
    // (pipe reads can split a frame, and a second SIGCONT redraw may be under way: wait for the screen).
    await waitFor(
      () => {
        const screen = replay(80, 24, resumed());
        return /^ tlstop /.test(screen[0] ?? '') && (screen[22] ?? '').startsWith('q quit');
      },
      'the whole frame after SIGCONT',
      20_000,
    );
    expect(resumed()).toContain(HIDE_CURSOR + '\x1b[?2026h' + CLEAR_SCREEN);
    child.kill('SIGTERM');
    const r = await closed;
    expect(r.signal).toBe('SIGTERM');
    expect(seen.stdout.endsWith(LEAVE_ALT_SCREEN + SHOW_CURSOR)).toBe(true);
  });

  it('unmounting at maxFps 0.001 lets the process end by itself (no render timer left armed)', async () => {
    const { child, seen, closed } = spawnChild(['quit-slow-fps']);
    const ended = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    if (ended === null) child.kill('SIGKILL');
    expect(seen.stderr).toContain('unmounted');
    expect(ended).toEqual({ code: 0, signal: null });
  });

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    it(`${signal}: exit cleanups run before the signal is re-raised`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tlstop-cleanup-'));
      cleanupDirs.push(dir);
      const { child, seen, closed } = spawnChild(['cleanup', dir]);
      await waitFor(() => seen.stderr.includes('ready') && strip(seen.stdout).includes('q quit'), 'the first frame', 20_000);
      child.kill(signal);
      const r = await closed;
      expect(r.signal).toBe(signal);
      expect(existsSync(dir)).toBe(false);
      expect(seen.stdout.endsWith(LEAVE_ALT_SCREEN + SHOW_CURSOR)).toBe(true);
    });
  }

  it('an uncaught exception: exit cleanups run, the error is printed, status 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlstop-cleanup-'));
    cleanupDirs.push(dir);
    const { seen, closed } = spawnChild(['cleanup-crash', dir]);
    const r = await closed;
    expect(r.code).toBe(1);
    expect(seen.stderr).toContain('boom from the child');
    expect(existsSync(dir)).toBe(false);
  });
});
