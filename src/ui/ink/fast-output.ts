/**
 * A faster `Output#get` for Ink 6.8: the step that turns a frame's write operations into
 * the screen string. Ink's own version re-tokenises every line with `Intl.Segmenter`,
 * measures every character with `string-width` and diffs ANSI styles cell by cell, on
 * every frame, from empty caches; at 200x50 that alone costs tens of milliseconds.
 *
 * This one produces the same string, byte for byte (test/ui/fast-output.test.ts checks
 * it against Ink's own on generated frames), with three changes:
 * - lines are tokenised by a char-code scanner when they hold only printable ASCII,
 *   simple symbols (box drawing, blocks, arrows, Latin-1: characters that never join a
 *   neighbour into one grapheme) and SGR colour sequences; anything else goes through
 *   Ink's own tokenizer;
 * - tokenised lines, widths and slices are kept across frames in `FrameCache`s, so an
 *   unchanged row costs a lookup;
 * - style sets are interned, so a cell with the same style as its left neighbour costs a
 *   reference comparison instead of an ANSI diff.
 */
import {
  ansiCodesToString,
  diffAnsiCodes,
  reduceAnsiCodesIncremental,
  styledCharsFromTokens,
  tokenize,
  type AnsiCode,
  type StyledChar,
} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { FrameCache } from './frame-cache.js';

/** A clip rectangle as Ink records it (undefined edges do not clip). */
export interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}

/** The operations Ink's `Output` records during `renderNodeToOutput`. */
export type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Array<(line: string, index: number) => string> }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** The fields of Ink's `Output` that `get` reads. */
export interface OutputState {
  width: number;
  height: number;
  operations: Operation[];
}

type Styles = AnsiCode[];

const ESC = 0x1b;

/**
 * True for a UTF-16 unit that is one whole grapheme on its own and never joins its
 * neighbours into one (no combining marks, joiners, variation selectors, surrogates,
 * Hangul jamo or controls): Intl.Segmenter gives it a segment of its own.
 */
function isStandaloneChar(c: number): boolean {
  if (c >= 0x20 && c <= 0x7e) return true;
  if (c < 0xa1) return false;
  if (c <= 0x2ff) return c !== 0xad;
  if (c < 0x2010) return false;
  if (c <= 0x2027) return true;
  if (c >= 0x2030 && c <= 0x205e) return true;
  if (c >= 0x2070 && c <= 0x20c0) return true;
  return c >= 0x2100 && c <= 0x2bff;
}

/** `compute()` for the pair (a, b), computed once. */
function memoised<A, B, V>(table: Map<A, Map<B, V>>, a: A, b: B, compute: () => V): V {
  let byB = table.get(a);
  if (!byB) {
    byB = new Map();
    table.set(a, byB);
  }
  let v = byB.get(b);
  if (v === undefined) {
    v = compute();
    byB.set(b, v);
  }
  return v;
}

/** The same string Ink's `Output#get` builds, from the same operations. */
export class FastOutputRenderer {
  private readonly lines = new FrameCache<StyledChar[]>();
  private readonly widths = new FrameCache<number>();
  private readonly slices = new FrameCache<string>();
  private readonly styleSets = new Map<string, Styles>();
  private readonly afterSgr = new Map<Styles, Map<string, Styles>>();
  private readonly transitions = new Map<Styles, Map<Styles, string>>();
  private readonly noStyle: Styles = this.intern([]);
  private readonly blank: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: this.noStyle };

  render(state: OutputState): { output: string; height: number } {
    // Yoga's sizes can be fractional: Ink's loops make one cell per integer below them.
    const width = Math.max(0, Math.ceil(state.width));
    const height = Math.max(0, Math.ceil(state.height));
    const rows: StyledChar[][] = [];
    for (let y = 0; y < height; y++) rows.push(new Array<StyledChar>(width).fill(this.blank));
    const clips: Clip[] = [];
    for (const op of state.operations) {
      if (op.type === 'clip') clips.push(op.clip);
      else if (op.type === 'unclip') clips.pop();
      else this.write(rows, op, clips.at(-1));
    }
    let output = '';
    for (let y = 0; y < rows.length; y++) {
      if (y > 0) output += '\n';
      output += this.rowString(rows[y]!, width);
    }
    this.lines.nextFrame();
    this.widths.nextFrame();
    this.slices.nextFrame();
    return { output, height: rows.length };
  }

  private write(rows: StyledChar[][], op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    const { text, transformers } = op;
    let { x, y } = op;
    let lines = text.split('\n');
    if (clip) {
      const clipH = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipV = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipH) {
        let widest = 0;
        for (const line of lines) widest = Math.max(widest, this.width(line));
        if (x + widest < clip.x1! || x > clip.x2!) return;
      }
      if (clipV && (y + lines.length < clip.y1! || y > clip.y2!)) return;
      if (clipH) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        lines = lines.map((line) => {
          const from = x < x1 ? x1 - x : 0;
          const lineWidth = this.width(line);
          const to = x + lineWidth > x2 ? x2 - x : lineWidth;
          return this.slice(line, from, to);
        });
        if (x < x1) x = x1;
      }
      if (clipV) {
        const from = y < clip.y1! ? clip.y1! - y : 0;
        const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
        lines = lines.slice(from, to);
        if (y < clip.y1!) y = clip.y1!;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      const row = rows[y + offsetY];
      if (!row) continue;
      let line = lines[index]!;
      for (const transformer of transformers) line = transformer(line, index);
      let offsetX = x;
      for (const cell of this.styledChars(line)) {
        row[offsetX] = cell;
        const w = Math.max(1, this.charWidth(cell.value));
        for (let i = 1; i < w; i++) row[offsetX + i] = { type: 'char', value: '', fullWidth: false, styles: cell.styles };
        offsetX += w;
      }
      offsetY++;
    }
  }

  /** `styledCharsToString(row).trimEnd()`, with transitions between interned styles memoised. */
  private rowString(row: StyledChar[], width: number): string {
    // Cells written past the frame's width can leave holes, which Ink drops.
    const cells = row.length > width ? row.filter((c) => c !== undefined) : row;
    let out = '';
    let prev = this.noStyle;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (i === 0) out += ansiCodesToString(cell.styles);
      else if (cell.styles !== prev) out += this.transition(prev, cell.styles);
      out += cell.value;
      prev = cell.styles;
    }
    if (cells.length > 0 && prev !== this.noStyle) out += this.transition(prev, this.noStyle);
    return out.trimEnd();
  }

  private transition(from: Styles, to: Styles): string {
    return memoised(this.transitions, from, to, () => ansiCodesToString(diffAnsiCodes(from, to)));
  }

  private styledChars(line: string): StyledChar[] {
    return this.lines.getOrCompute(line, () => this.scan(line) ?? this.internAll(styledCharsFromTokens(tokenize(line))));
  }

  /** Tokenise a line of standalone characters and SGR sequences; null for anything else. */
  private scan(line: string): StyledChar[] | null {
    const out: StyledChar[] = [];
    let styles = this.noStyle;
    const n = line.length;
    let i = 0;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === ESC) {
        if (line.charCodeAt(i + 1) !== 0x5b) return null;
        let j = i + 2;
        for (; j < n; j++) {
          const d = line.charCodeAt(j);
          if (d === 0x6d) break;
          if (d !== 0x3b && (d < 0x30 || d > 0x39)) return null;
        }
        if (j >= n) return null;
        styles = this.applySgr(styles, line.slice(i, j + 1));
        i = j + 1;
        continue;
      }
      if (!isStandaloneChar(c)) return null;
      out.push({ type: 'char', value: line[i]!, fullWidth: false, styles });
      i++;
    }
    return out;
  }

  /** The style set after an SGR sequence, reduced one code at a time as ansi-tokenize does. */
  private applySgr(styles: Styles, sequence: string): Styles {
    return memoised(this.afterSgr, styles, sequence, () => {
      let codes = styles;
      for (const token of tokenize(sequence)) {
        if (token.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [token]);
      }
      return this.intern(codes);
    });
  }

  private internAll(chars: StyledChar[]): StyledChar[] {
    for (const c of chars) c.styles = this.intern(c.styles);
    return chars;
  }

  /** One shared array per distinct style set, so equal styles compare by reference. */
  private intern(styles: Styles): Styles {
    const key = styles.map((s) => s.code).join('');
    let shared = this.styleSets.get(key);
    if (!shared) {
      // Styles come from themes, not from log content, so this stays small; the cap is a backstop.
      if (this.styleSets.size > 4096) this.forgetStyles();
      shared = styles;
      this.styleSets.set(key, shared);
    }
    return shared;
  }

  private forgetStyles(): void {
    this.styleSets.clear();
    this.afterSgr.clear();
    this.transitions.clear();
  }

  private charWidth(value: string): number {
    if (value.length === 1) {
      const c = value.charCodeAt(0);
      if (c >= 0x20 && c <= 0x7e) return 1;
    }
    return this.width(value);
  }

  private width(text: string): number {
    return this.widths.getOrCompute(text, () => stringWidth(text));
  }

  private slice(line: string, from: number, to: number): string {
    return this.slices.getOrCompute(`${from}:${to}:${line}`, () => sliceAnsi(line, from, to));
  }
}
