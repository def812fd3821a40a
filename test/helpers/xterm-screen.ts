/**
 * A real terminal emulator (xterm.js, headless) to replay written bytes into and read the
 * screen back cell by cell: character, width and every rendition attribute. A line feed is
 * CR+LF, as a tty with onlcr delivers it; widths are Unicode 11's (emoji are wide).
 */
import unicode11 from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';

/** A headless terminal of `columns` x `rows`. */
export interface EmulatedScreen {
  write(data: string): Promise<void>;
  /** Every cell of the visible screen, one string per row (erased and written blanks are the same). */
  cells(): string[];
  cursor(): { x: number; y: number };
  dispose(): void;
}

export function emulatedScreen(columns: number, rows: number): EmulatedScreen {
  const term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, scrollback: 0, convertEol: true });
  // Unicode 11 widths (emoji wide), as tmux and current terminals measure, and as string-width does.
  term.loadAddon(new unicode11.Unicode11Addon());
  term.unicode.activeVersion = '11';
  return {
    write: (data) => new Promise((resolve) => term.write(data, resolve)),
    cells() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        const parts: string[] = [];
        for (let x = 0; x < columns; x++) {
          const c = line?.getCell(x);
          if (!c) {
            parts.push('?');
            continue;
          }
          const ch = c.getChars() || (c.getWidth() === 0 ? '' : ' ');
          const blank = ch === ' ' && c.isAttributeDefault();
          parts.push(
            blank
              ? ' '
              : [
                  ch,
                  c.getWidth(),
                  c.getFgColorMode(),
                  c.getFgColor(),
                  c.getBgColorMode(),
                  c.getBgColor(),
                  c.isBold(),
                  c.isDim(),
                  c.isItalic(),
                  c.isUnderline(),
                  c.isBlink(),
                  c.isInverse(),
                  c.isInvisible(),
                  c.isStrikethrough(),
                  c.isOverline(),
                ].join(','),
          );
        }
        out.push(parts.join('|'));
      }
      return out;
    },
    cursor: () => ({ x: term.buffer.active.cursorX, y: term.buffer.active.cursorY }),
    dispose: () => term.dispose(),
  };
}
