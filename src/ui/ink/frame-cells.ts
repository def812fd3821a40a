/**
 * One row of a frame as the terminal will hold it: a cell per column, each a grapheme and
 * the rendition it is drawn in. A wide grapheme (CJK, most emoji) fills its cell and a
 * continuation cell after it, so rows are compared cell by cell, never by code unit, and a
 * wide character is never split. A row whose text has anything but printable text and SGR
 * (an OSC 8 link, a tab, another escape) is opaque: it is only ever rewritten whole.
 */
import stringWidth from 'string-width';
import { applySgr, DEFAULT_STYLE, type Style } from './sgr-style.js';

/** A cell: its grapheme ('' for the right half of a wide one) and rendition. */
export interface Cell {
  readonly ch: string;
  readonly style: Style;
  /** 2 for a wide grapheme's cell, 0 for its continuation, 1 otherwise. */
  readonly width: 0 | 1 | 2;
}

/** A parsed row. */
export interface Row {
  readonly cells: readonly Cell[];
  /** Rendition in force after the row's text (the next row's text starts in it). */
  readonly endStyle: Style;
  /** The row holds something other than text and SGR: rewrite it whole. */
  readonly opaque: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const SGR = /\x1b\[([\d;:]*)m/y;
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const PRINTABLE_ASCII = /^[ -~]*$/;

/** Shared cells of printable ASCII, per rendition (cells are values; sharing keeps rows small). */
const asciiCells = new Map<Style, Cell[]>();

function cellOf(ch: string, style: Style, width: 0 | 1 | 2): Cell {
  const code = ch.length === 1 ? ch.charCodeAt(0) : 0;
  if (code < 0x20 || code > 0x7e) return { ch, style, width };
  let cells = asciiCells.get(style);
  if (!cells) {
    // Past the renditions' own cap (sgr-style.ts) styles are no longer interned: stop sharing.
    if (asciiCells.size >= 4096) return { ch, style, width };
    cells = [];
    asciiCells.set(style, cells);
  }
  return (cells[code] ??= { ch, style, width });
}

/** A blank cell in the default rendition: what an erased cell looks like. */
export const BLANK: Cell = cellOf(' ', DEFAULT_STYLE, 1);

/**
 * Text whose every character is a grapheme of its own: ASCII, Latin-1 (not the soft hyphen)
 * and Latin Extended, general punctuation, the plain arrows, box drawing, blocks and
 * geometric shapes, what tlstop's panes are made of. No combining mark, joiner, variation
 * selector or surrogate, so no segmenter is needed; widths still come from string-width.
 */
const SIMPLE = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u203b\u2190-\u2193\u2500-\u25ff]*$/;
const widths = new Map<string, number>();

function widthOf(ch: string): number {
  let w = widths.get(ch);
  if (w === undefined) {
    w = stringWidth(ch);
    // Bounded by the SIMPLE ranges: under a thousand characters.
    widths.set(ch, w);
  }
  return w;
}

function pushText(cells: Cell[], text: string, style: Style): void {
  if (PRINTABLE_ASCII.test(text)) {
    for (let i = 0; i < text.length; i++) cells.push(cellOf(text[i]!, style, 1));
    return;
  }
  if (SIMPLE.test(text)) {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const width = ch.charCodeAt(0) < 0x7f ? 1 : widthOf(ch);
      if (width === 1) cells.push(cellOf(ch, style, 1));
      else if (width >= 2) cells.push({ ch, style, width: 2 }, { ch: '', style, width: 0 });
      else joinToLast(cells, ch);
    }
    return;
  }
  for (const { segment } of segmenter.segment(text)) {
    const width = stringWidth(segment);
    if (width === 0) {
      joinToLast(cells, segment);
      continue;
    }
    if (width >= 2) {
      cells.push({ ch: segment, style, width: 2 }, { ch: '', style, width: 0 });
    } else cells.push(cellOf(segment, style, 1));
  }
}

/** A zero-width grapheme (a lone combining mark, ZWJ): the terminal joins it to the cell before. */
function joinToLast(cells: Cell[], segment: string): void {
  const last = cells.length - 1;
  if (last < 0) return;
  const lead = cells[last]!.width === 0 ? last - 1 : last;
  const prev = cells[lead]!;
  cells[lead] = { ch: prev.ch + segment, style: prev.style, width: prev.width };
}

/** Parse one line of a frame, starting in rendition `start`. */
export function parseRow(line: string, start: Style): Row {
  const cells: Cell[] = [];
  let style = start;
  let opaque = false;
  let i = 0;
  while (i < line.length) {
    const esc = line.indexOf('\x1b', i);
    const textEnd = esc === -1 ? line.length : esc;
    if (textEnd > i) {
      const text = line.slice(i, textEnd);
      if (CONTROL.test(text)) opaque = true;
      pushText(cells, text, style);
    }
    if (esc === -1) break;
    SGR.lastIndex = esc;
    const m = SGR.exec(line);
    if (m) {
      style = applySgr(style, m[1]!);
      i = SGR.lastIndex;
    } else {
      // Another escape (an OSC 8 link, cursor movement): its cells are unknowable here.
      opaque = true;
      i = esc + 1;
    }
  }
  return { cells, endStyle: style, opaque };
}
