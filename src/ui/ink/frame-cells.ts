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

const cellCache = new Map<string, Cell>();

function cellOf(ch: string, style: Style, width: 0 | 1 | 2): Cell {
  // Cells are values; sharing them keeps a frame's rows small.
  if (ch.length !== 1) return { ch, style, width };
  const key = ch + '\0' + style.params;
  let cell = cellCache.get(key);
  if (!cell || cell.style !== style) {
    cell = { ch, style, width };
    if (cellCache.size < 65_536) cellCache.set(key, cell);
  }
  return cell;
}

/** A blank cell in the default rendition: what an erased cell looks like. */
export const BLANK: Cell = cellOf(' ', DEFAULT_STYLE, 1);

function pushText(cells: Cell[], text: string, style: Style): void {
  if (PRINTABLE_ASCII.test(text)) {
    for (let i = 0; i < text.length; i++) cells.push(cellOf(text[i]!, style, 1));
    return;
  }
  for (const { segment } of segmenter.segment(text)) {
    const width = stringWidth(segment);
    if (width === 0) {
      // Zero-width (a lone combining mark, ZWJ): the terminal joins it to the cell before.
      const last = cells.length - 1;
      if (last >= 0) {
        const lead = cells[last]!.width === 0 ? last - 1 : last;
        const prev = cells[lead]!;
        cells[lead] = { ch: prev.ch + segment, style: prev.style, width: prev.width };
      }
      continue;
    }
    if (width >= 2) {
      cells.push({ ch: segment, style, width: 2 }, { ch: '', style, width: 0 });
    } else cells.push(cellOf(segment, style, 1));
  }
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
