/**
 * The cell-diff writer against a real terminal emulator (xterm.js): replaying generated
 * frame sequences through it must leave exactly the screen a full redraw of each frame
 * leaves (every cell's character, width and rendition, and the cursor's row), with wide
 * characters, combining marks, styles that run across lines, blank tails and the last
 * row and column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellDiffScreen } from '../../../src/ui/ink/cell-diff.js';
import { emulatedScreen } from '../../helpers/xterm-screen.js';

const COLUMNS = 24;
const ROWS = 8;
const CLEAR = '\x1b[m\x1b[2J\x1b[H';

const SGR_OPEN = ['1', '2', '3', '4', '7', '9', '31', '92', '44', '38;5;208', '48;2;10;20;30', '53', '8'];
const SGR_CLOSE = ['0', '', '22', '23', '24', '27', '29', '39', '49', '55', '28'];
const sgr = fc.oneof(
  fc.constantFrom(...SGR_OPEN).map((p) => `\x1b[${p}m`),
  fc.constantFrom(...SGR_CLOSE).map((p) => `\x1b[${p}m`),
);
/** [text, columns it takes] */
const glyph = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', ' ', '1', '─', '█', '·').map((t) => [t, 1] as const) },
  // Not emoji with modifiers (👍🏽): terminals do not agree on their width, xterm.js's Unicode 11 tables give 4.
  { weight: 2, arbitrary: fc.constantFrom('中', '文', '😀', '🔒').map((t) => [t, 2] as const) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'e\u0301').map((t) => [t, 1] as const) },
);
const piece = fc.oneof({ weight: 5, arbitrary: glyph }, { weight: 2, arbitrary: sgr.map((s) => [s, 0] as const) });

/** A line of at most COLUMNS cells. */
const line = fc.array(piece, { maxLength: 30 }).map((pieces) => {
  let width = 0;
  let out = '';
  for (const [text, w] of pieces) {
    if (width + w > COLUMNS) continue;
    width += w;
    out += text;
  }
  return out;
});

/** A frame as Ink hands it to log-update: a trailing newline unless it fills the terminal. */
function frameText(lines: string[]): string {
  return lines.join('\n') + (lines.length < ROWS ? '\n' : '');
}

/** A sequence of frames, each a few lines changed from the one before; now and then the height changes. */
const frames = fc
  .tuple(
    fc.integer({ min: 1, max: ROWS }),
    fc.array(fc.tuple(fc.nat(), line), { minLength: 1, maxLength: 12 }),
    fc.array(fc.tuple(fc.array(fc.tuple(fc.nat(), line), { maxLength: 4 }), fc.option(fc.integer({ min: 1, max: ROWS }), { freq: 8 })), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([height, seed, edits]) => {
    const lines = Array.from({ length: height }, (_, i) => seed[i % seed.length]![1]);
    const out = [frameText(lines)];
    for (const [step, resized] of edits) {
      if (resized !== null) lines.length = resized;
      for (let i = 0; i < lines.length; i++) lines[i] ??= '';
      for (const [at, text] of step) lines[at % lines.length] = text;
      out.push(frameText(lines));
    }
    return out;
  });

async function replay(sequence: string[]): Promise<void> {
  const diffed = emulatedScreen(COLUMNS, ROWS);
  const full = emulatedScreen(COLUMNS, ROWS);
  const writer = new CellDiffScreen();
  try {
    for (const text of sequence) {
      await diffed.write(writer.render(text, COLUMNS));
      await full.write(CLEAR + text);
      expect(diffed.cells()).toEqual(full.cells());
      expect(diffed.cursor().y).toBe(full.cursor().y);
    }
  } finally {
    diffed.dispose();
    full.dispose();
  }
}

describe('cell-diff writer on xterm.js', () => {
  it('leaves the screen a full redraw leaves, frame after frame', async () => {
    await fc.assert(fc.asyncProperty(frames, replay), { numRuns: 400 });
  });

  it('writes a changed cell as a cursor move and that cell', () => {
    const writer = new CellDiffScreen();
    const a = 'x'.repeat(20) + ' 123 ' + 'y'.repeat(20) + '\n';
    writer.render(a, 80);
    const b = 'x'.repeat(20) + ' 124 ' + 'y'.repeat(20) + '\n';
    // Up one row to the frame's line, column 24, the digit, down again.
    expect(writer.render(b, 80)).toBe('\x1b[A\x1b[24G4\x1b[B');
  });

  it('never splits a wide character', async () => {
    await replay(['ab中cd\n', 'ab文cd\n', 'a中中d\n', 'abcdef\n', '😀😀😀\n', 'x😀😀\n']);
  });

  it('writes into the last column of the last row without scrolling', async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => `${i}`.padEnd(COLUMNS, '.'));
    const changed = [...lines.slice(0, -1), `${lines[ROWS - 1]!.slice(0, -1)}!`];
    await replay([lines.join('\n'), changed.join('\n'), lines.join('\n')]);
  });

  it('carries a style across the end of a line as the terminal does', async () => {
    await replay(['\x1b[31mred\nstill red\x1b[39m\nplain\n', '\x1b[31mred\nstill red\x1b[39m\nplain!\n', 'red\nstill red\nplain!\n']);
  });

  it('rewrites a row with an escape it does not model whole', async () => {
    const link = '\x1b]8;;https://example.com\x07link\x1b]8;;\x07';
    await replay([`a ${link} b\nrow\n`, `a ${link} c\nrow\n`, 'plain\nrow\n']);
  });
});
