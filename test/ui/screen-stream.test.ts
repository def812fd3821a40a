/**
 * The stream between Ink and the alternate screen: no scrollback erase ever reaches the
 * terminal, and a hold drops writes (but still calls their callbacks) until released.
 * Also the exit-cleanup registry's own rules (order, once, removal, errors).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { addExitCleanup, pendingExitCleanups, runExitCleanups } from '../../src/ui/exit-cleanup.js';
import { CLEAR_SCROLLBACK, screenStream, stripClearScrollback } from '../../src/ui/screen-stream.js';

class Out extends EventEmitter {
  chunks: string[] = [];
  isTTY = true;
  columns = 80;
  rows = 24;
  write(chunk: string, callback?: () => void): boolean {
    this.chunks.push(chunk);
    callback?.();
    return true;
  }
}

describe('screenStream', () => {
  it("takes ESC[3J out of Ink's clear-terminal and of any other write", () => {
    // ansi-escapes' clearTerminal, which Ink 6.8 writes when the last frame filled the terminal.
    expect(stripClearScrollback('\x1b[2J\x1b[3J\x1b[Hframe')).toBe('\x1b[2J\x1b[Hframe');
    expect(stripClearScrollback(`a${CLEAR_SCROLLBACK}b${CLEAR_SCROLLBACK}`)).toBe('ab');
    expect(stripClearScrollback('\x1b[3Jx')).toBe('x');
    expect(stripClearScrollback('\x1b[33mno\x1b[3;1H')).toBe('\x1b[33mno\x1b[3;1H');
    const out = new Out();
    const { stream } = screenStream(out as unknown as NodeJS.WriteStream);
    stream.write('\x1b[2J\x1b[3J\x1b[Hhello');
    expect(out.chunks).toEqual(['\x1b[2J\x1b[Hhello']);
  });

  it('is the stream itself for everything but write', () => {
    const out = new Out();
    const { stream } = screenStream(out as unknown as NodeJS.WriteStream);
    expect(stream.columns).toBe(80);
    expect(stream.isTTY).toBe(true);
    let resized = 0;
    stream.on('resize', () => resized++);
    out.emit('resize');
    expect(resized).toBe(1);
  });

  it('drops writes while held, still calling their callbacks, and lets them through once released', async () => {
    const out = new Out();
    const screen = screenStream(out as unknown as NodeJS.WriteStream);
    screen.hold();
    expect(screen.held).toBe(true);
    const called = new Promise<void>((resolve) => screen.stream.write('old frame', () => resolve()));
    await called;
    expect(out.chunks).toEqual([]);
    screen.release();
    screen.stream.write('new frame');
    expect(out.chunks).toEqual(['new frame']);
  });
});

describe('exit cleanups', () => {
  it('run once each, in order, past a failing one; a removed one does not run', () => {
    const ran: string[] = [];
    const base = pendingExitCleanups();
    addExitCleanup(() => ran.push('a'));
    addExitCleanup(() => {
      throw new Error('b fails');
    });
    const removeC = addExitCleanup(() => ran.push('c'));
    addExitCleanup(() => ran.push('d'));
    removeC();
    expect(pendingExitCleanups()).toBe(base + 3);
    const exitListeners = process.listenerCount('exit');
    runExitCleanups();
    runExitCleanups();
    expect(ran).toEqual(['a', 'd']);
    expect(pendingExitCleanups()).toBe(0);
    // Nothing left to run: the module's exit listener is gone.
    expect(process.listenerCount('exit')).toBe(exitListeners - 1);
  });
});
