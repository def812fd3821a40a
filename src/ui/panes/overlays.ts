/** Overlays that replace the body: help (from the keymap), pickers and prompts. */
import { helpSections } from '../keymap.js';
import { cell, fmtCount, fmtPct, safe } from '../format.js';
import { fitHeight, fitLine, lineColumns, seg, textColumns, titleLine, type Line } from '../lines.js';
import type { Overlay, PickerDetail } from '../ui-state.js';
import { visibleOptions } from '../ui-state.js';
import { scrollStart } from './pane-opts.js';

/** `?` help, generated from the keymap; `scroll` is the first row shown. */
export function helpLines(width: number, height: number, scroll: number): Line[] {
  const rows: Line[] = [];
  for (const section of helpSections()) {
    rows.push([seg(section.title, 'text.title', { bold: true })]);
    for (const r of section.rows) rows.push([seg('  ' + cell(r.keys, 16), 'status.info'), seg(r.description)]);
  }
  const visible = Math.max(0, height - 1);
  const start = Math.min(scroll, Math.max(0, rows.length - visible));
  const more = rows.length > visible ? `${start + 1}-${Math.min(rows.length, start + visible)} of ${rows.length}, ↑↓` : '';
  return fitHeight(
    [titleLine('Keys', width, true, more), ...rows.slice(start, start + visible)].map((l) => fitLine(l, width)),
    height,
  );
}

/** Columns of the picker's figures (attempts, fail %) and the least room left for the entry itself. */
const FIGURES = { attempts: 10, fail: 8, minEntry: 16 };
/** Columns before an entry: cursor, space, tick box, space. */
const ENTRY_INDENT = 6;

/** An entry's figures (distributions: attempts and fail % in the window); `-` for a rate without attempts. */
function figuresText(detail: PickerDetail | undefined): string {
  if (detail === undefined) return cell('', FIGURES.attempts + FIGURES.fail);
  const rate = detail.attempts > 0 ? fmtPct(detail.failureRate) : '-';
  return cell(fmtCount(detail.attempts), FIGURES.attempts, 'right') + cell(rate, FIGURES.fail, 'right');
}

/** A picker (distributions or statuses); entries in the order given (distributions: most impact first). */
export function pickerLines(o: Extract<Overlay, { kind: 'picker' }>, width: number, height: number): Line[] {
  const title = o.target === 'distributions' ? 'Filter by distribution' : 'Filter by outcome / failure code';
  const lines: Line[] = [titleLine(title, width, true, `${o.selected.length} selected`)];
  const details = o.details;
  // Figures right after the longest entry (every entry counts, so scrolling keeps the columns), within the width.
  const room = width - ENTRY_INDENT - FIGURES.attempts - FIGURES.fail;
  const longest = Math.max(0, ...o.options.map((opt) => textColumns(safe(opt, room))));
  const entryW = Math.min(room, Math.max(FIGURES.minEntry, longest + 1));
  const withFigures = details !== undefined && room >= FIGURES.minEntry;
  const narrow: Line = [seg('narrow: ', 'text.muted'), seg(safe(o.query, width - 10) + '▏', undefined, { bold: true })];
  if (withFigures) {
    // The figures' headings on the narrow line, over their columns (when the typed text leaves room).
    const headings = cell('attempts', FIGURES.attempts, 'right') + cell('fail %', FIGURES.fail, 'right');
    const pad = ENTRY_INDENT + entryW - lineColumns(narrow);
    if (pad >= 1) narrow.push(seg(' '.repeat(pad) + headings, 'text.muted'));
  }
  lines.push(narrow);
  const options = visibleOptions(o);
  if (options.length === 0) lines.push([seg(o.options.length === 0 ? '  nothing to pick yet' : '  no match', 'text.muted')]);
  const visible = Math.max(0, height - lines.length);
  const start = scrollStart(o.cursor, options.length, visible);
  options.slice(start, start + visible).forEach((opt, i) => {
    const at = start + i === o.cursor;
    const mark = o.selected.includes(opt) ? '[x]' : '[ ]';
    const tone = o.selected.includes(opt) ? 'status.info' : undefined;
    const head = `${at ? '›' : ' '} ${mark} `;
    if (!withFigures) {
      lines.push([seg(head + safe(opt, width - 7), tone, { inverse: at })]);
      return;
    }
    // Own properties only: an option is a distribution id from the logs ("constructor" is a valid one).
    const detail = Object.hasOwn(details, opt) ? details[opt] : undefined;
    lines.push([seg(head + cell(safe(opt, entryW), entryW) + figuresText(detail), tone, { inverse: at })]);
  });
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    height,
  );
}

/** A one-line text prompt (free-text filter, mark label). */
export function promptLines(o: Extract<Overlay, { kind: 'prompt' }>, width: number, height: number): Line[] {
  const title = o.purpose === 'text' ? 'Free-text filter' : 'Set a mark';
  const help =
    o.purpose === 'text'
      ? 'Matches SNI, certificate subject, issuer, serial and client IP (case-insensitive). Empty clears.'
      : 'Label for this moment, e.g. "rollout step 2 started". Panes then compare before / after it.';
  return fitHeight(
    [
      titleLine(title, width, true),
      [seg('> ', 'text.title'), seg(safe(o.value, width - 4) + '▏', undefined, { bold: true })],
      [seg(help, 'text.muted')],
    ].map((l) => fitLine(l, width)),
    height,
  );
}
