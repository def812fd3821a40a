/**
 * How many columns a terminal draws text over, modelled the way wcwidth(3) terminals
 * (xterm, VTE, tmux, kitty) draw: code point by code point, with no grapheme clustering.
 * East Asian wide and fullwidth characters take two columns, combining marks and the
 * conjoining Hangul medial vowels and final consonants none (they draw on the cell before),
 * zero-width format characters none, the soft hyphen and the Arabic number signs one, and
 * everything else one. A lone surrogate reaches the terminal as U+FFFD: one column.
 * Control characters are not drawn but executed: they have no width, and the model says so
 * by returning NaN.
 *
 * The tests compare this with `string-width`, the measure Ink and the panes lay out with:
 * where the two disagree, a row is measured one width and drawn another.
 */
import { eastAsianWidth } from 'get-east-asian-width';

const CONTROL = /^\p{Cc}$/u;
const ZERO = /^[\p{Mn}\p{Me}\u1160-\u11ff\ud7b0-\ud7ff]$/u;
// Format characters with a visible glyph (glibc's wcwidth gives them one column).
const DRAWN_FORMAT = /^[\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]$/u;
const FORMAT = /^\p{Cf}$/u;
const SURROGATE = /^\p{Cs}$/u;

/** Columns one code point (or lone surrogate) is drawn over. */
export function codePointColumns(ch: string): number {
  if (CONTROL.test(ch)) return Number.NaN;
  if (SURROGATE.test(ch)) return 1;
  if (DRAWN_FORMAT.test(ch)) return 1;
  if (FORMAT.test(ch) || ZERO.test(ch)) return 0;
  return eastAsianWidth(ch.codePointAt(0)!);
}

/** Columns a terminal draws `text` over (NaN if it holds a control character). */
export function terminalColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += codePointColumns(ch);
  return n;
}

/**
 * Default_Ignorable_Code_Point (Unicode 17 DerivedCoreProperties.txt): invisible
 * characters that `string-width` measures as zero columns whatever a terminal does with them.
 */
export const DEFAULT_IGNORABLE: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];

/** True for a Default_Ignorable_Code_Point. */
export function isDefaultIgnorable(cp: number): boolean {
  return DEFAULT_IGNORABLE.some(([a, b]) => cp >= a && cp <= b);
}

/**
 * Characters that must never reach the terminal raw: controls, format characters,
 * default-ignorables, unassigned and private-use code points, lone surrogates, and the
 * line and paragraph separators.
 */
const NEVER_RAW = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\u2028\u2029]/u;

/** The first code point in `text` that must never be printed raw, or undefined. */
export function firstNeverRaw(text: string): string | undefined {
  for (const ch of text) if (NEVER_RAW.test(ch) || isDefaultIgnorable(ch.codePointAt(0)!)) return ch;
  return undefined;
}
