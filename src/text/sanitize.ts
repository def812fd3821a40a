/**
 * Terminal-safe rendering of hostile text. Every string that came from outside (log
 * content, file names, object keys, AWS error messages) goes through here before it
 * reaches a terminal. A character is shown escaped (`\x1b`, `\u3164`, `\u{e0001}`), never
 * passed through, when it is:
 *
 * - a control or format character: C0, DEL, C1 (`\p{Cc}`), every format character
 *   (`\p{Cf}`: bidi embeddings, overrides and isolates, zero-width space / joiners, the
 *   soft hyphen, the Arabic letter mark, the Mongolian vowel separator, tag characters,
 *   interlinear annotation, Arabic number signs, ...), the line and paragraph separators;
 * - invisible: every Default_Ignorable_Code_Point (JavaScript has no property for it, so
 *   the ones that are not format or unassigned characters are listed: the combining
 *   grapheme joiner, the Hangul fillers, Khmer inherent vowels, Mongolian free variation
 *   selectors, the variation selectors), unassigned code points (`\p{Cn}`, which includes
 *   the noncharacters and the reserved default-ignorable ranges), private-use characters
 *   (`\p{Co}`: no defined glyph or width, and some terminals give them meanings, such as
 *   kitty's image placeholder U+10EEEE), lone surrogates (`\p{Cs}`: they reach the
 *   terminal as U+FFFD);
 * - drawn over a different number of columns than `string-width` (the measure Ink and the
 *   panes lay out with) counts, or over a number of columns terminals disagree on:
 *   - the Hangul fillers (U+115F, U+3164, U+FFA0: measured 0, drawn 1 or 2);
 *   - Hangul medial vowels and final consonants (conjoining jamo) that do not follow the
 *     jamo they join to (measured 1 each, drawn as zero-width by wcwidth terminals); an
 *     initial + medial (+ final) sequence, as NFD Korean text has, is left alone;
 *   - letters that cluster with their neighbour (prepended: U+0D4E and the Brahmic
 *     repha letters; spacing: Thai SARA AM U+0E33, Lao AM U+0EB3): measured as one column
 *     with it, drawn as two;
 *   - emoji presentation machinery: variation selectors (U+FE0E/U+FE0F change the width
 *     to 1 or 2 depending on the terminal; `string-width` counts `❤️` as 2, wcwidth
 *     terminals draw 1), skin-tone modifiers (`👍🏽`: measured 2, drawn 2 or 4), the
 *     combining keycap U+20E3 (`1⃣`: measured 2, drawn 1 or 2), regional indicators (a
 *     pair that is not a flag, `🇺🇺`, is measured 1 and drawn 2, and which pairs join
 *     depends on the whole run, so flags are shown as their two escapes); the zero-width
 *     joiner is a format character, so emoji ZWJ sequences show their parts;
 *   - symbols whose East Asian Width changed to wide in Unicode 16 (trigrams, monograms,
 *     digrams U+2630-2637, U+268A-268F, Tai Xuan Jing U+1D300-1D356, counting rods
 *     U+1D360-1D376): measured 2, drawn 1 by terminals with older tables; the circled
 *     numbers on black squares U+3248-324F (ambiguous width, drawn 2 by glibc's wcwidth).
 *
 * What is left is drawn exactly as measured: one column, two for East Asian wide and
 * emoji, none for combining marks (drawn on the preceding cell). A test checks this over
 * every code point and against generated strings.
 */

// Default_Ignorable_Code_Points that are neither \p{Cf} nor \p{Cn} (those classes cover the
// rest), plus the characters whose drawn width is not the measured one (see above).
const LISTED =
  '\\u034f\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180d\\u180f\\u3164\\ufe00-\\ufe0f\\uffa0\\u{e0100}-\\u{e01ef}' +
  '\\u0d4e\\u{111c2}\\u{111c3}\\u{113d1}\\u{1193f}\\u{11941}\\u{11a84}-\\u{11a89}\\u{11d46}\\u{11f02}' +
  '\\u0e33\\u0eb3' +
  '\\u20e3\\u{1f3fb}-\\u{1f3ff}\\u{1f1e6}-\\u{1f1ff}' +
  '\\u2630-\\u2637\\u268a-\\u268f\\u{1d300}-\\u{1d356}\\u{1d360}-\\u{1d376}\\u3248-\\u324f';

// Conjoining Hangul jamo: initial consonants (L), medial vowels (V), final consonants (T).
// The fillers U+115F and U+1160 are listed above and do not count as joining.
const JAMO_L = '\\u1100-\\u115e\\ua960-\\ua97c';
const JAMO_V = '\\u1161-\\u11a7\\ud7b0-\\ud7c6';
const JAMO_T = '\\u11a8-\\u11ff\\ud7cb-\\ud7fb';

/** The characters to escape (with the `u` flag, one match is one code point or one lone surrogate). */
// The classes below list combining marks and emoji modifiers on purpose: each one alone is
// what is escaped, and the ranges are of code points, not graphemes.
/* eslint-disable no-misleading-character-class */
export const UNSAFE_SOURCE =
  `[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}${LISTED}]` +
  `|(?<![${JAMO_L}])[${JAMO_V}]` +
  `|(?<![${JAMO_L}][${JAMO_V}])[${JAMO_T}]`;
const UNSAFE = new RegExp(UNSAFE_SOURCE, 'gu');

/**
 * Text made only of these characters is safe as it is: a cheap test (a short class, no `u`
 * flag, no surrogates) that spares the full one, whose Unicode property classes cost about
 * 10 ns a character, for ASCII and the common scripts. Every range here was assigned by
 * Unicode 14 (every supported Node knows it) and holds nothing that UNSAFE matches (a test
 * checks each code point).
 */
const COMMON_SAFE = new RegExp(
  '^[' +
    '\\u0020-\\u007e\\u00a0-\\u00ac\\u00ae-\\u034e\\u0350-\\u0377\\u03a3-\\u052f' + // Latin, IPA, combining marks, Greek, Cyrillic
    '\\u2010-\\u2027\\u2030-\\u205e\\u20a0-\\u20bf\\u2100-\\u218b\\u2190-\\u2426\\u2440-\\u244a' + // punctuation, currency, letterlike, arrows, maths, technical
    '\\u2460-\\u262f\\u2638-\\u2689\\u2690-\\u27bf' + // enclosed alphanumerics, box drawing, blocks, shapes, symbols, dingbats
    '\\u3000-\\u303f\\u3041-\\u3096\\u3099-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufa6d\\uff01-\\uff9f' + // CJK, kana, Hangul syllables
    ']*$',
);
/* eslint-enable no-misleading-character-class */

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** The escape shown for one unsafe character (a code point or a lone surrogate). */
function escapeChar(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return '\\x' + hex(code, 2);
  if (code <= 0xffff) return '\\u' + hex(code, 4);
  return '\\u{' + code.toString(16) + '}';
}

/** The same character as JSON escapes (`\uXXXX`, a surrogate pair for astral ones). */
function escapeCharJson(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += '\\u' + hex(ch.charCodeAt(i), 4);
  return out;
}

/** True when the text contains nothing that needs escaping (fast path). */
export function isTerminalSafe(text: string): boolean {
  if (COMMON_SAFE.test(text)) return true;
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text);
}

/**
 * Escape every unsafe character; when maxLength is given, cut the result to at most
 * that many characters, ending with `…` when cut.
 */
export function sanitizeForTerminal(text: string, maxLength?: number): string {
  let safe = text;
  if (!isTerminalSafe(safe)) {
    UNSAFE.lastIndex = 0;
    safe = safe.replace(UNSAFE, escapeChar);
  }
  if (maxLength !== undefined && maxLength >= 0 && safe.length > maxLength) {
    if (maxLength === 0) return '';
    // Do not split a surrogate pair.
    let cut = maxLength - 1;
    const code = safe.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    return safe.slice(0, cut) + '…';
  }
  return safe;
}

/**
 * JSON text (as `JSON.stringify` writes it) with every unsafe character that JSON leaves
 * raw written as `\uXXXX` escapes instead: still the same JSON value, and safe to print.
 */
export function escapeJsonForTerminal(json: string): string {
  if (isTerminalSafe(json)) return json;
  UNSAFE.lastIndex = 0;
  return json.replace(UNSAFE, escapeCharJson);
}
