import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, renderApp, SHOW_CURSOR } from '../../src/ui/render-app.js';
import { makeProps } from './fixtures.js';

class CaptureStdout extends EventEmitter {
  chunks: string[] = [];
  isTTY = true;
  columns = 80;
  rows = 24;
  write = (s: string) => {
    this.chunks.push(s);
    return true;
  };
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
  setRawMode(on: boolean) {
    this.rawCalls.push(on);
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
    for (let i = 0; i < 200 && !stdout.chunks.join('').includes('tlstop'); i++) await new Promise((r) => setTimeout(r, 10));
    stdin.write('q');
    await quit;
    await app.waitUntilExit();
    const all = stdout.chunks.join('');
    expect(all.endsWith(SHOW_CURSOR + LEAVE_ALT_SCREEN)).toBe(true);
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

function runChild(mode: 'signal' | 'crash'): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
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
    expect(r.stdout.endsWith(SHOW_CURSOR + LEAVE_ALT_SCREEN)).toBe(true);
    expect(r.signal).toBe('SIGTERM');
  });

  it('restores the main screen on an uncaught exception, and the error is still printed', async () => {
    const r = await runChild('crash');
    expect(r.stdout).toContain(SHOW_CURSOR + LEAVE_ALT_SCREEN);
    expect(r.stderr).toContain('boom from the child');
    expect(r.code).toBe(1);
  });
});
