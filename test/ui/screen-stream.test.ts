/**
 * The stream between Ink and the alternate screen: a hold drops writes (but still calls
 * their callbacks) until released; everything else is the stream's own.
 * Also the exit-cleanup registry's own rules (order, once, removal, errors).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { addExitCleanup, pendingExitCleanups, runExitCleanups } from '../../src/ui/exit-cleanup.js';
import { screenStream } from '../../src/ui/screen-stream.js';

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
  it('passes writes through unchanged when not held (Ink 8 never erases the scrollback)', () => {
    const out = new Out();
    const { stream } = screenStream(out as unknown as NodeJS.WriteStream);
    stream.write('\x1b[H\x1b[Jhello');
    expect(out.chunks).toEqual(['\x1b[H\x1b[Jhello']);
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
