/**
 * A tiny terminal screen model, enough to replay what Ink writes: printable text,
 * CR/LF (LF as CR+LF, as a tty with onlcr shows it), cursor up/down/next-line/column,
 * erase line / to end of line, SGR and private modes ignored, alternate screen clears.
 */
export class TerminalModel {
  readonly screen: string[][];
  row = 0;
  col = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.screen = Array.from({ length: rows }, () => Array<string>(columns).fill(' '));
  }

  /** The screen as text lines, trailing spaces trimmed. */
  lines(): string[] {
    return this.screen.map((r) => r.join('').trimEnd());
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.screen.shift();
      this.screen.push(Array<string>(this.columns).fill(' '));
    } else this.row++;
  }

  /** Apply bytes written to the terminal. */
  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const csi = /^\x1b\[([?]?)([\d;]*)([A-Za-z])/.exec(data.slice(i));
        if (csi) {
          this.csi(csi[1] ?? '', csi[2] ?? '', csi[3] ?? '');
          i += csi[0].length;
          continue;
        }
        const osc = /^\x1b\][^\x07]*(\x07|\x1b\\)/.exec(data.slice(i));
        i += osc ? osc[0].length : 2;
        continue;
      }
      if (ch === '\n') {
        this.col = 0;
        this.lineFeed();
      } else if (ch === '\r') this.col = 0;
      else if (ch >= ' ') {
        if (this.col >= this.columns) {
          this.col = 0;
          this.lineFeed();
        }
        this.screen[this.row]![this.col] = ch;
        this.col++;
      }
      i++;
    }
  }

  private csi(priv: string, params: string, final: string): void {
    const n = params === '' ? 1 : Number(params.split(';')[0]) || 1;
    if (priv === '?') {
      if (params === '1049' && final === 'h') {
        for (const r of this.screen) r.fill(' ');
      }
      return;
    }
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row = Math.min(this.rows - 1, this.row + n);
        break;
      case 'E':
        this.row = Math.min(this.rows - 1, this.row + n);
        this.col = 0;
        break;
      case 'G':
        this.col = Math.max(0, n - 1);
        break;
      case 'H':
        this.row = 0;
        this.col = 0;
        break;
      case 'K': {
        const mode = params === '' ? 0 : Number(params);
        const r = this.screen[this.row]!;
        if (mode === 2) r.fill(' ');
        else if (mode === 0) r.fill(' ', Math.min(this.col, this.columns));
        break;
      }
      case 'J':
        if (params === '2' || params === '3') for (const r of this.screen) r.fill(' ');
        break;
      default:
        break;
    }
  }
}
