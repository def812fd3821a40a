import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
import { fixRewind, inkNeedsRewindFix } from '../../src/ui/incremental-rewind-fix.js';
import { renderApp } from '../../src/ui/render-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeProps } from './fixtures.js';
import { TerminalModel } from './terminal-model.js';

class TtyOut extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  chunks: string[] = [];
  write = (s: string) => {
    this.chunks.push(s);
    return true;
  };
}

const stdin = () =>
  Object.assign(new EventEmitter(), {
    isTTY: true,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  });

/** Waits until what was written from chunk `from` on shows `text`: Ink has drawn the frame with it. */
const drawn = (out: TtyOut, from: number, text: string) =>
  waitFor(() => out.chunks.slice(from).join('').includes(text), `a frame showing "${text}"`, {
    timeoutMs: 3000,
    observe: () => out.chunks.slice(from).join(''),
  });

describe('fixRewind', () => {
  it('adds the missing row to the rewind after a frame that ended with a newline', () => {
    expect(fixRewind('\x1b[22A\x1b[1Gabc', true)).toBe('\x1b[23A\x1b[1Gabc');
    expect(fixRewind('\x1b[22A\x1b[E\x1b[1Gabc', true)).toBe('\x1b[23A\x1b[E\x1b[1Gabc');
    expect(fixRewind('\x1b[1Gabc\x1b[K\n', true)).toBe('\x1b[1A\x1b[1Gabc\x1b[K\n');
  });
  it('leaves fullscreen frames, erase sequences and plain output alone', () => {
    expect(fixRewind('\x1b[22A\x1b[1Gabc', false)).toBe('\x1b[22A\x1b[1Gabc');
    expect(fixRewind('\x1b[2K\x1b[1A\x1b[2K\x1b[G', true)).toBe('\x1b[2K\x1b[1A\x1b[2K\x1b[G');
    expect(fixRewind('\x1b[?2026h', true)).toBe('\x1b[?2026h');
    expect(fixRewind('hello\n', true)).toBe('hello\n');
  });
  it('applies to Ink 6 only', () => {
    expect(inkNeedsRewindFix('6.8.0')).toBe(true);
    expect(inkNeedsRewindFix('7.0.0')).toBe(false);
  });
});

describe('incremental rendering on a replayed 80x24 screen', () => {
  async function drive(useRenderApp: boolean): Promise<string[]> {
    const out = new TtyOut();
    const { props, store } = makeProps();
    const unmount = useRenderApp
      ? renderApp(props, {
          stdout: out as unknown as NodeJS.WriteStream,
          stdin: stdin() as unknown as NodeJS.ReadStream,
          handleProcessEvents: false,
          maxFps: 1000,
        }).unmount
      : (() => {
          const i = render(<App {...props} />, {
            stdout: out as unknown as NodeJS.WriteStream,
            stdin: stdin() as unknown as NodeJS.ReadStream,
            incrementalRendering: true,
            patchConsole: false,
            exitOnCtrlC: false,
            maxFps: 1000,
          });
          return () => i.unmount();
        })();
    await drawn(out, 0, 'q quit');
    for (const total of [3000, 4000, 5000]) {
      const from = out.chunks.length;
      store.publish({ connections: { ...store.snapshot.connections, total } });
      await drawn(out, from, `total ${total.toLocaleString('en-US')}`);
    }
    const model = new TerminalModel(80, 24);
    model.write(out.chunks.join(''));
    unmount();
    return model.lines();
  }

  it('renderApp keeps the frame in place: one header at the top, the footer on row 23', async () => {
    const screen = await drive(true);
    expect(screen[0]?.startsWith(' tlstop  07:00:00Z')).toBe(true);
    expect(screen.filter((l) => l.includes('tlstop')).length).toBe(1);
    expect(screen.filter((l) => l.includes('total 5,000')).length).toBe(1);
    expect(screen.some((l) => l.includes('total 4,000'))).toBe(false);
    expect(screen[22]?.startsWith('q quit')).toBe(true);
    expect(screen[23]).toBe('');
  });

  it('(the Ink 6.8 bug it works around: without the fix the frame drifts and old rows stay)', async () => {
    const screen = await drive(false);
    expect(screen.filter((l) => l.includes('tlstop')).length).toBeGreaterThan(1);
  });
});
