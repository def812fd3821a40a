import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
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

/** The 80x24 screen after everything written so far. */
const screenOf = (out: TtyOut) => {
  const model = new TerminalModel(80, 24);
  model.write(out.chunks.join(''));
  return model.lines();
};

/** Waits until the screen shows `text`: Ink has drawn the frame with it (Ink 8 rewrites a line only from its first changed cell). */
const drawn = (out: TtyOut, text: string) =>
  waitFor(() => screenOf(out).some((l) => l.includes(text)), `a frame showing "${text}"`, {
    timeoutMs: 3000,
    observe: () => screenOf(out).join('\n'),
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
    await drawn(out, 'q quit');
    for (const total of [3000, 4000, 5000]) {
      store.publish({ connections: { ...store.snapshot.connections, total } });
      await drawn(out, `total ${total.toLocaleString('en-US')}`);
    }
    const screen = screenOf(out);
    unmount();
    return screen;
  }

  const keptInPlace = (screen: string[]) => {
    expect(screen[0]?.startsWith(' tlstop  07:00:00Z')).toBe(true);
    expect(screen.filter((l) => l.includes('tlstop')).length).toBe(1);
    expect(screen.filter((l) => l.includes('total 5,000')).length).toBe(1);
    expect(screen.some((l) => l.includes('total 4,000'))).toBe(false);
    expect(screen[22]?.startsWith('q quit')).toBe(true);
    expect(screen[23]).toBe('');
  };

  it('renderApp keeps the frame in place: one header at the top, the footer on row 23', async () => {
    keptInPlace(await drive(true));
  });

  it("Ink 8's own incremental rendering does too (ink#909, the rewind one row short that tlstop corrected on Ink 6.8, is fixed)", async () => {
    keptInPlace(await drive(false));
  });
});
