/**
 * The cell-diff writer's gate: the installed Ink is the one whose log-update contract it
 * keeps, the environment can turn it off, and the status line says which writer draws.
 * Then the writer on a real Ink instance: its frames replayed into xterm.js give the
 * screen of Ink's own whole-frame writes.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { Box, render, Text } from 'ink';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { loadInkInstances } from '../../../src/ui/ink/ink-instance.js';
import { inkModuleSha256, inkVersion } from '../../../src/runtime/package-files.js';
import {
  CELL_DIFF_FINGERPRINTS,
  CELL_DIFF_INK_VERSION,
  cellDiffMismatch,
  cellDiffStatus,
  installCellDiff,
} from '../../../src/ui/ink/install-cell-diff.js';
import { emulatedScreen } from '../../helpers/xterm-screen.js';

describe('cell-diff gate', () => {
  it('the installed Ink is the checked one, file for file', () => {
    expect(inkVersion()).toBe(CELL_DIFF_INK_VERSION);
    for (const [file, sha] of Object.entries(CELL_DIFF_FINGERPRINTS)) expect(inkModuleSha256(`./${file}`)).toBe(sha);
    expect(cellDiffMismatch({})).toBeNull();
  });

  it("TLSTOP_TERMINAL_WRITER chooses Ink's writers instead, and the status says so", () => {
    expect(cellDiffMismatch({ TLSTOP_TERMINAL_WRITER: 'ink-incremental' })).toBe('TLSTOP_TERMINAL_WRITER=ink-incremental');
    expect(cellDiffStatus({ TLSTOP_TERMINAL_WRITER: 'full' })).toBe(
      "terminal writer: Ink's whole frames, not the cell diff (TLSTOP_TERMINAL_WRITER=full)",
    );
  });

  it("on a mounted Ink, the writer's bytes leave the screen Ink's whole frames leave", async () => {
    const columns = 40;
    const rows = 10;
    const screens = { diff: emulatedScreen(columns, rows), full: emulatedScreen(columns, rows) };
    const instances = await loadInkInstances();
    const mount = (screen: ReturnType<typeof emulatedScreen>, cellDiff: boolean) => {
      const pending: Promise<void>[] = [];
      const stdout = Object.assign(
        new Writable({
          write(chunk: Buffer | string, _enc, cb) {
            pending.push(screen.write(chunk.toString()));
            cb();
          },
        }),
        { columns, rows, isTTY: true },
      ) as unknown as NodeJS.WriteStream;
      const stdin = Object.assign(new EventEmitter(), {
        isTTY: false,
        setEncoding() {},
        resume() {},
        pause() {},
        ref() {},
        unref() {},
        read: () => null,
      });
      const frame = (n: number) =>
        createElement(
          Box,
          { flexDirection: 'column' },
          createElement(Text, { color: 'green' }, `count ${n}  中文 ${n % 3 === 0 ? 'three' : ''}`),
          createElement(Text, { bold: true, backgroundColor: 'blue' }, `${'#'.repeat(n % 7)}|`),
          createElement(Text, null, `tail ${n * 17}`),
        );
      const instance = render(frame(0), {
        stdout,
        stdin: stdin as unknown as NodeJS.ReadStream,
        patchConsole: false,
        exitOnCtrlC: false,
        interactive: true,
        maxFps: 1000,
        incrementalRendering: cellDiff,
      });
      if (cellDiff) expect(installCellDiff(instances?.get(stdout), stdout, {}).active).toBe(true);
      return { instance, frame, pending };
    };
    const diff = mount(screens.diff, true);
    const full = mount(screens.full, false);
    for (let n = 1; n < 30; n++) {
      diff.instance.rerender(diff.frame(n));
      full.instance.rerender(full.frame(n));
      await new Promise((r) => setTimeout(r, 5));
      await Promise.all([...diff.pending, ...full.pending]);
      expect(screens.diff.cells()).toEqual(screens.full.cells());
    }
    diff.instance.unmount();
    full.instance.unmount();
  });
});
