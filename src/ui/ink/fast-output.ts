/**
 * A faster `Output#get` for Ink 8.0: the step that turns a frame's write operations into
 * the screen string. Ink builds a new `Output`, with empty caches, for every frame, so it
 * re-tokenises every line (`Intl.Segmenter` in ansi-tokenize), measures every character
 * with `string-width` and diffs ANSI styles cell by cell, from scratch, every frame.
 *
 * This is the same algorithm as Ink 8.0's `Output#get` and `applyWriteOperation` (nested
 * clips intersect, an empty clip draws nothing, clipping by terminal columns blanks a wide
 * character cut in half, invisible characters take no cell, transformers get the row
 * index from the operation's own top), producing the same string byte for byte
 * (test/ui/fast-output.test.ts replays generated frames through both), with three changes:
 * - lines of printable ASCII, simple symbols (box drawing, blocks, arrows, Latin-1:
 *   characters that never join a neighbour into one grapheme and are never invisible) and
 *   SGR colour sequences are tokenised by a char-code scanner; anything else goes through
 *   ansi-tokenize as Ink does;
 * - tokenised lines, widths, split texts and clipped slices are kept across frames in
 *   `FrameCache`s, so an unchanged row costs a lookup;
 * - style sets are interned, so a cell with the same style as its left neighbour costs a
 *   reference comparison instead of an ANSI diff.
 */
import {
  ansiCodesToString,
  diffAnsiCodes,
  reduceAnsiCodesIncremental,
  styledCharsFromTokens,
  styledCharsToString,
  tokenize,
  type AnsiCode,
  type StyledChar,
} from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';
import { FrameCache } from './frame-cache.js';

/** A clip rectangle as Ink records it (undefined edges do not clip; x2 and y2 are exclusive). */
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
type Write = Extract<Operation, { type: 'write' }>;

const ESC = 0x1b;
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}+$/u;

/**
 * True for a UTF-16 unit that is one whole grapheme on its own, never joins its neighbours
 * into one (no combining marks, joiners, variation selectors, surrogates, Hangul jamo or
 * controls) and is not a default-ignorable (invisible) character: Intl.Segmenter gives it a
 * segment of its own, and Ink keeps it.
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

const intersectBound = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) =>
  a === undefined ? b : b === undefined ? a : tighter(a, b);

/** Nested clips intersect (Ink 8). */
function intersectClips(outer: Clip | undefined, inner: Clip): Clip {
  if (!outer) return inner;
  return {
    x1: intersectBound(outer.x1, inner.x1, Math.max),
    x2: intersectBound(outer.x2, inner.x2, Math.min),
    y1: intersectBound(outer.y1, inner.y1, Math.max),
    y2: intersectBound(outer.y2, inner.y2, Math.min),
  };
}

function isClipEmpty(clip: Clip): boolean {
  return (
    (clip.x1 !== undefined && clip.x2 !== undefined && clip.x1 >= clip.x2) ||
    (clip.y1 !== undefined && clip.y2 !== undefined && clip.y1 >= clip.y2)
  );
}

/** A partly visible wide character becomes a space with its styles. */
const blankCell = (cell: StyledChar): StyledChar => ({ ...cell, value: ' ', fullWidth: false });

/** The same string Ink's `Output#get` builds, from the same operations. */
export class FastOutputRenderer {
  private readonly chars = new FrameCache<StyledChar[]>();
  private readonly textLines = new FrameCache<string[]>();
  private readonly widths = new FrameCache<number>();
  private readonly widest = new FrameCache<number>();
  private readonly slices = new FrameCache<string>();
  private readonly styleSets = new Map<string, Styles>();
  private readonly afterSgr = new Map<Styles, Map<string, Styles>>();
  private readonly transitions = new Map<Styles, Map<Styles, string>>();
  private readonly noStyle: Styles = this.intern([]);

  render(state: OutputState): { output: string; height: number } {
    const rows: StyledChar[][] = [];
    for (let y = 0; y < state.height; y++) {
      const row: StyledChar[] = [];
      for (let x = 0; x < state.width; x++) row.push({ type: 'char', value: ' ', fullWidth: false, styles: this.noStyle });
      rows.push(row);
    }
    const clips: Clip[] = [];
    for (const op of state.operations) {
      if (op.type === 'clip') clips.push(intersectClips(clips.at(-1), op.clip));
      else if (op.type === 'unclip') clips.pop();
      else this.write(rows, op, clips.at(-1));
    }
    let output = '';
    for (let y = 0; y < rows.length; y++) {
      if (y > 0) output += '\n';
      output += this.rowString(rows[y]!);
    }
    for (const cache of [this.chars, this.textLines, this.widths, this.widest, this.slices]) cache.nextFrame();
    return { output, height: rows.length };
  }

  /** Ink 8's `applyWriteOperation`. */
  private write(rows: StyledChar[][], op: Write, clip: Clip | undefined): void {
    const { text, transformers } = op;
    let { x, y } = op;
    let lines = this.linesOf(text);
    if (clip) {
      if (isClipEmpty(clip)) return;
      const clipH = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipV = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipH && (x + this.widestLine(text) < clip.x1! || x > clip.x2!)) return;
      if (clipV && (y + lines.length < clip.y1! || y > clip.y2!)) return;
      if (clipH) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        lines = lines.map((line) => {
          const from = x < x1 ? x1 - x : 0;
          const width = this.width(line);
          const to = x + width > x2 ? x2 - x : width;
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
    for (let index = 0; index < lines.length; index++) {
      const row = rows[y + index];
      if (!row) continue;
      let line = lines[index]!;
      for (const transformer of transformers) line = transformer(line, index + y - op.y);
      const characters = this.styledChars(line);
      if (characters.length === 0) continue;
      let offsetX = x;
      // An overlapping write that starts inside a wide character blanks its first half.
      if (row[offsetX]?.value === '' && offsetX > 0 && this.width(row[offsetX - 1]?.value ?? '') > 1) {
        row[offsetX - 1] = blankCell(row[offsetX - 1]!);
      }
      for (const character of characters) {
        row[offsetX] = character;
        const w = Math.max(1, this.charWidth(character.value));
        for (let offset = 1; offset < w; offset++) {
          row[offsetX + offset] = { type: 'char', value: offsetX < 0 ? ' ' : '', fullWidth: false, styles: character.styles };
        }
        offsetX += w;
      }
      if (row[offsetX]?.value === '') row[offsetX] = blankCell(row[offsetX]!);
    }
  }

  /** `styledCharsToString(row without holes).trimEnd()`, with transitions between interned styles memoised. */
  private rowString(row: StyledChar[]): string {
    // Cells written past the frame's width can leave holes, which Ink drops.
    const cells = row.filter((c) => c !== undefined);
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

  /** The text's lines as Ink splits them: styled characters split at newlines, each line serialised again (styles carry over). */
  private linesOf(text: string): string[] {
    return this.textLines.getOrCompute(text, () => {
      if (!text.includes('\n')) return [styledCharsToString(this.styledChars(text))];
      const lines: StyledChar[][] = [[]];
      for (const c of this.styledChars(text)) {
        if (c.value === '\n') lines.push([]);
        else lines.at(-1)!.push(c);
      }
      return lines.map((l) => styledCharsToString(l));
    });
  }

  /** Ink's `getStyledChars`: the line's styled characters without standalone invisible ones. */
  private styledChars(line: string): StyledChar[] {
    return this.chars.getOrCompute(
      line,
      () => this.scan(line) ?? this.internAll(styledCharsFromTokens(tokenize(line)).filter((c) => !INVISIBLE.test(c.value))),
    );
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

  /** One shared array per distinct style set (codes and end codes), so equal styles compare by reference. */
  private intern(styles: Styles): Styles {
    const key = styles.map((s) => `${s.code}\u0000${s.endCode}`).join('\u0001');
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

  /** Ink's `getWidestLine`: over the raw text's lines. */
  private widestLine(text: string): number {
    return this.widest.getOrCompute(text, () => {
      let widest = 0;
      for (const line of text.split('\n')) widest = Math.max(widest, this.width(line));
      return widest;
    });
  }

  /** Ink 8's `sliceLineToColumns`: by terminal columns, a wide character cut by an edge becomes a styled space. */
  private slice(line: string, from: number, to: number): string {
    if (from >= to) return '';
    return this.slices.getOrCompute(`${from}:${to}:${line}`, () => {
      const result: StyledChar[] = [];
      let column = 0;
      for (const character of this.styledChars(line)) {
        const width = this.width(character.value);
        const start = column;
        column += width;
        if (column <= from) continue;
        if (start >= to) break;
        result.push(width > 1 && (start < from || column > to) ? blankCell(character) : character);
      }
      return styledCharsToString(result);
    });
  }
}
