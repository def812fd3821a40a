/** Overlays that replace the body: help (from the keymap), pickers and prompts. */
import { helpSections } from '../keymap.js';
import { cell, safe } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import type { Overlay } from '../ui-state.js';
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

/** A picker (distributions or statuses). */
export function pickerLines(o: Extract<Overlay, { kind: 'picker' }>, width: number, height: number): Line[] {
  const title = o.target === 'distributions' ? 'Filter by distribution' : 'Filter by outcome / failure code';
  const lines: Line[] = [titleLine(title, width, true, `${o.selected.length} selected`)];
  lines.push([seg('narrow: ', 'text.muted'), seg(safe(o.query, width - 10) + '▏', undefined, { bold: true })]);
  const options = visibleOptions(o);
  if (options.length === 0) lines.push([seg(o.options.length === 0 ? '  nothing to pick yet' : '  no match', 'text.muted')]);
  const visible = Math.max(0, height - lines.length);
  const start = scrollStart(o.cursor, options.length, visible);
  options.slice(start, start + visible).forEach((opt, i) => {
    const at = start + i === o.cursor;
    const mark = o.selected.includes(opt) ? '[x]' : '[ ]';
    lines.push([
      seg(`${at ? '›' : ' '} ${mark} ${safe(opt, width - 7)}`, o.selected.includes(opt) ? 'status.info' : undefined, { inverse: at }),
    ]);
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
