/**
 * The graphic rendition (SGR) state of a terminal cell, as the cell-diff writer tracks it:
 * which attributes are on, the foreground and background colours, and any codes it does
 * not model (kept verbatim, so they are replayed but never diffed). Styles are interned:
 * two cells look the same exactly when their `Style` objects are the same object.
 */

/** Attribute bits, with the SGR code that sets each and the one that clears it. */
const ATTRIBUTES = [
  { bit: 1, on: 1, off: 22 }, // bold
  { bit: 2, on: 2, off: 22 }, // dim (22 clears bold and dim together)
  { bit: 4, on: 3, off: 23 }, // italic
  { bit: 8, on: 4, off: 24 }, // underline
  { bit: 16, on: 5, off: 25 }, // blink
  { bit: 32, on: 7, off: 27 }, // inverse
  { bit: 64, on: 8, off: 28 }, // hidden
  { bit: 128, on: 9, off: 29 }, // strikethrough
  { bit: 256, on: 53, off: 55 }, // overline
] as const;
const BOLD_OR_DIM = 3;

/** One interned rendition. */
export interface Style {
  readonly flags: number;
  /** SGR parameters of the foreground colour ('' = default), e.g. '31', '38;5;208', '38;2;1;2;3'. */
  readonly fg: string;
  readonly bg: string;
  /** Codes not modelled (double underline, underline colour, fonts...), in order; '' = none. */
  readonly extra: string;
  /** The parameters that set this style from the default, without the leading reset. */
  readonly params: string;
}

const interned = new Map<string, Style>();

function styleOf(flags: number, fg: string, bg: string, extra: string): Style {
  const key = `${flags}|${fg}|${bg}|${extra}`;
  let style = interned.get(key);
  if (!style) {
    const params: string[] = [];
    for (const a of ATTRIBUTES) if (flags & a.bit) params.push(String(a.on));
    if (fg) params.push(fg);
    if (bg) params.push(bg);
    if (extra) params.push(extra);
    style = { flags, fg, bg, extra, params: params.join(';') };
    // Styles come from Ink's frames, which tlstop's theme bounds; a hostile frame still cannot grow this past a cap.
    if (interned.size < 4096) interned.set(key, style);
  }
  return style;
}

/** The terminal's default rendition. */
export const DEFAULT_STYLE: Style = styleOf(0, '', '', '');

/** The style after applying the parameters of one `ESC [ params m` to `style`. */
export function applySgr(style: Style, paramText: string): Style {
  let { flags, fg, bg, extra } = style;
  const params = paramText === '' ? ['0'] : paramText.split(';');
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.includes(':')) {
      // Sub-parameters (4:3 curly underline, 38:2::r:g:b): replayed, not modelled.
      extra = extra ? `${extra};${p}` : p;
      continue;
    }
    const n = p === '' ? 0 : Number(p);
    if (n === 0) {
      flags = 0;
      fg = bg = extra = '';
    } else if (n === 38 || n === 48 || n === 58) {
      const kind = params[i + 1];
      const take = kind === '5' ? 2 : kind === '2' ? 4 : 0;
      const colour = [p, ...params.slice(i + 1, i + 1 + take)].join(';');
      i += take;
      if (n === 38) fg = colour;
      else if (n === 48) bg = colour;
      else extra = extra ? `${extra};${colour}` : colour;
    } else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = p;
    else if (n === 39) fg = '';
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) bg = p;
    else if (n === 49) bg = '';
    else {
      const set = ATTRIBUTES.find((a) => a.on === n);
      const cleared = ATTRIBUTES.filter((a) => a.off === n);
      if (set) flags |= set.bit;
      else if (cleared.length > 0) for (const a of cleared) flags &= ~a.bit;
      else extra = extra ? `${extra};${p}` : p;
    }
  }
  return styleOf(flags, fg, bg, extra);
}

/** The shortest SGR sequence that turns rendition `from` into `to` ('' when they are the same). */
export function sgrTransition(from: Style, to: Style): string {
  if (from === to) return '';
  const reset = to === DEFAULT_STYLE ? '\x1b[m' : `\x1b[0;${to.params}m`;
  if (from.extra !== to.extra) return reset;
  const codes: string[] = [];
  let flags = from.flags;
  const clearing = from.flags & ~to.flags;
  if (clearing & BOLD_OR_DIM) {
    codes.push('22');
    flags &= ~BOLD_OR_DIM;
  }
  for (const a of ATTRIBUTES) {
    if (a.bit & BOLD_OR_DIM) continue;
    if (clearing & a.bit) codes.push(String(a.off));
  }
  for (const a of ATTRIBUTES) if (to.flags & a.bit && !(flags & a.bit)) codes.push(String(a.on));
  if (from.fg !== to.fg) codes.push(to.fg || '39');
  if (from.bg !== to.bg) codes.push(to.bg || '49');
  const diff = `\x1b[${codes.join(';')}m`;
  return diff.length < reset.length ? diff : reset;
}
