import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { escapeJsonForTerminal, isTerminalSafe, sanitizeForTerminal, UNSAFE_SOURCE } from '../../src/text/sanitize.js';
import { DEFAULT_IGNORABLE, firstNeverRaw, terminalColumns } from './terminal-columns.js';

const UNSAFE_RAW = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('sanitizeForTerminal', () => {
  it('escapes escape sequences, BEL, OSC title changes and clear-screen', () => {
    expect(sanitizeForTerminal('a\u001b]0;pwned\u0007b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(sanitizeForTerminal('\u001b[2J\u001b[H')).toBe('\\x1b[2J\\x1b[H');
    expect(sanitizeForTerminal('\u009b31m')).toBe('\\x9b31m');
  });

  it('escapes newlines, tabs, DEL and bidi overrides', () => {
    expect(sanitizeForTerminal('a\nb\tc\rd\u007f')).toBe('a\\nb\\tc\\rd\\x7f');
    expect(sanitizeForTerminal('evil\u202Egnp.exe')).toBe('evil\\u202egnp.exe');
  });

  it('leaves ordinary text, including non-ASCII letters, alone', () => {
    expect(sanitizeForTerminal('CN=client.test.mtls.net, O=Amazon.com')).toBe('CN=client.test.mtls.net, O=Amazon.com');
    expect(sanitizeForTerminal('Größe 測試')).toBe('Größe 測試');
    expect(isTerminalSafe('plain')).toBe(true);
    expect(isTerminalSafe('bad\u001b')).toBe(false);
  });

  it('cuts long text with an ellipsis to the exact width', () => {
    expect(sanitizeForTerminal('abcdefghij', 5)).toBe('abcd…');
    expect(sanitizeForTerminal('abc', 5)).toBe('abc');
    expect(sanitizeForTerminal('abc', 0)).toBe('');
    expect(sanitizeForTerminal('ab😀cd', 3)).toBe('ab…');
  });

  it('never lets a control character through, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.option(fc.nat(300)), (text, max) => {
        const out = sanitizeForTerminal(text, max ?? undefined);
        expect(UNSAFE_RAW.test(out)).toBe(false);
        if (max !== null) expect(out.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 2000 },
    );
  });
});

const hex = (cp: number) => cp.toString(16);
/** The escape the sanitiser shows for one code point. */
const escaped = (cp: number) =>
  cp <= 0xff ? `\\x${hex(cp).padStart(2, '0')}` : cp <= 0xffff ? `\\u${hex(cp).padStart(4, '0')}` : `\\u{${hex(cp)}}`;

describe('invisible, format and mis-measured characters (issue 9)', () => {
  it('escapes the characters terminals draw but string-width measures as zero columns', () => {
    expect(sanitizeForTerminal('E2\u3164\u3164X')).toBe('E2\\u3164\\u3164X'); // HANGUL FILLER: drawn 2, measured 0
    expect(sanitizeForTerminal('a\u115fb')).toBe('a\\u115fb'); // HANGUL CHOSEONG FILLER
    expect(sanitizeForTerminal('soft\u00adhyphen')).toBe('soft\\xadhyphen');
    expect(sanitizeForTerminal('\uffa0')).toBe('\\uffa0'); // HALFWIDTH HANGUL FILLER
    for (const ch of ['\u3164', '\u115f', '\u00ad', '\uffa0']) expect(stringWidth(ch)).toBe(0);
  });

  it('escapes the invisible characters that passed raw before', () => {
    expect(sanitizeForTerminal('a\u061cb')).toBe('a\\u061cb'); // ARABIC LETTER MARK
    expect(sanitizeForTerminal('a\u180eb')).toBe('a\\u180eb'); // MONGOLIAN VOWEL SEPARATOR
    expect(sanitizeForTerminal('a\u034fb')).toBe('a\\u034fb'); // COMBINING GRAPHEME JOINER
    expect(sanitizeForTerminal('\u{e0001}en\u{e007f}')).toBe('\\u{e0001}en\\u{e007f}'); // LANGUAGE TAG, CANCEL TAG
    for (let cp = 0xe0000; cp <= 0xe007f; cp++) expect(sanitizeForTerminal(`x${String.fromCodePoint(cp)}y`)).toBe(`x${escaped(cp)}y`);
  });

  it('escapes every Default_Ignorable_Code_Point, with a \\u{...} escape above U+FFFF', () => {
    for (const [first, last] of DEFAULT_IGNORABLE) {
      for (let cp = first; cp <= last; cp++) {
        const ch = String.fromCodePoint(cp);
        expect(sanitizeForTerminal(`a${ch}b`), `U+${hex(cp)}`).toBe(`a${escaped(cp)}b`);
        expect(isTerminalSafe(`a${ch}b`)).toBe(false);
      }
    }
  });

  it('escapes lone surrogates, private-use, unassigned and noncharacter code points, but not surrogate pairs', () => {
    expect(sanitizeForTerminal('a\ud800b')).toBe('a\\ud800b');
    expect(sanitizeForTerminal('a\udfffb')).toBe('a\\udfffb');
    expect(sanitizeForTerminal('\ue000\u{10eeee}')).toBe('\\ue000\\u{10eeee}');
    expect(sanitizeForTerminal('\u0378\ufdd0\uffff\u{10ffff}')).toBe('\\u0378\\ufdd0\\uffff\\u{10ffff}');
    expect(sanitizeForTerminal('ok 😀 界')).toBe('ok 😀 界');
  });

  it('escapes emoji presentation machinery whose drawn width depends on the terminal', () => {
    expect(sanitizeForTerminal('❤\ufe0f')).toBe('❤\\ufe0f'); // measured 2, drawn 1 by wcwidth terminals
    expect(sanitizeForTerminal('😀\ufe0e')).toBe('😀\\ufe0e');
    expect(sanitizeForTerminal('👍🏽')).toBe('👍\\u{1f3fd}'); // measured 2, drawn 4 by wcwidth terminals
    expect(sanitizeForTerminal('1\u20e3')).toBe('1\\u20e3'); // measured 2, drawn 1
    expect(sanitizeForTerminal('👨\u200d👩')).toBe('👨\\u200d👩');
    expect(sanitizeForTerminal('🇺🇺')).toBe('\\u{1f1fa}\\u{1f1fa}'); // not a flag: measured 1, drawn 2
    expect(sanitizeForTerminal('🇺🇸')).toBe('\\u{1f1fa}\\u{1f1f8}'); // which pairs join depends on the whole run
  });

  it('escapes letters that cluster with a neighbour, and width-changed symbols', () => {
    expect(sanitizeForTerminal('\u0e08\u0e33')).toBe('\u0e08\\u0e33'); // Thai SARA AM: measured 1 with its consonant, drawn 2
    expect(sanitizeForTerminal('\u0eb3')).toBe('\\u0eb3');
    expect(sanitizeForTerminal('\u0d4ex')).toBe('\\u0d4ex'); // prepended: measured 1 with the next letter, drawn 2
    expect(sanitizeForTerminal('☰⚊\u{1d300}㉈')).toBe('\\u2630\\u268a\\u{1d300}\\u3248');
  });

  it('keeps Hangul jamo that join (NFD Korean) and escapes the ones that do not', () => {
    const nfd = '한국'.normalize('NFD');
    expect(nfd.length).toBe(6);
    expect(sanitizeForTerminal(nfd)).toBe(nfd);
    expect(stringWidth(nfd)).toBe(terminalColumns(nfd));
    expect(sanitizeForTerminal('\u1161')).toBe('\\u1161'); // a lone medial vowel: measured 1, drawn 0
    expect(sanitizeForTerminal('\u11a8')).toBe('\\u11a8');
    expect(sanitizeForTerminal('\u1100\u1161\u1161')).toBe('\u1100\u1161\\u1161');
    expect(sanitizeForTerminal('\u1100\u1161\u11a8\u11a8')).toBe('\u1100\u1161\u11a8\\u11a8');
    expect(sanitizeForTerminal('\u115f\u1161')).toBe('\\u115f\\u1161'); // after a filler, nothing joins
  });

  it('writes the same characters as JSON escapes in JSON text, which stays the same value', () => {
    const value = { id: 'E\u3164\u{e0001}\u00ad\u061c❤\ufe0f', nested: ['\u1161', 'ok 界'] };
    const json = escapeJsonForTerminal(JSON.stringify(value));
    expect(json).toBe('{"id":"E\\u3164\\udb40\\udc01\\u00ad\\u061c❤\\ufe0f","nested":["\\u1161","ok 界"]}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('every code point, alone or next to a letter, is escaped or drawn over the columns string-width measures', () => {
    // Unassigned and private-use code points (most of the code space) are escaped whatever
    // their neighbours; one context is enough for them.
    const contextFree = /^[\p{Cn}\p{Co}]$/u;
    const contexts = (ch: string) => (contextFree.test(ch) ? [ch] : [ch, `x${ch}`, `${ch}x`]);
    const printableAscii = /^[\x20-\x7e]*$/;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      for (const text of contexts(String.fromCodePoint(cp))) {
        const out = sanitizeForTerminal(text);
        if (printableAscii.test(out)) continue;
        const never = firstNeverRaw(out);
        if (never !== undefined || stringWidth(out) !== terminalColumns(out)) {
          wrong.push(`U+${hex(cp)} in ${JSON.stringify(text)}`);
          break;
        }
      }
      if (wrong.length >= 20) break;
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('the fast path agrees with the full test on every BMP code point', () => {
    const unsafe = new RegExp(UNSAFE_SOURCE, 'u');
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (isTerminalSafe(ch) === unsafe.test(ch) || isTerminalSafe(`a${ch}b`) === unsafe.test(`a${ch}b`)) wrong.push(`U+${hex(cp)}`);
    }
    expect(wrong).toEqual([]);
  });

  const TRICKY = [
    'a',
    'Z',
    ' ',
    '7',
    '界',
    'ア',
    'é',
    'e\u0301',
    '\u0301',
    '😀',
    '👍',
    '🏽',
    '❤',
    '\ufe0f',
    '\ufe0e',
    '\u200d',
    '\u20e3',
    '1',
    '🇺',
    '🇸',
    '\u{e0001}',
    '\u{e0067}',
    '🏴',
    '\u1100',
    '\u1161',
    '\u11a8',
    '\u115f',
    '\u1160',
    '\u3164',
    '\uffa0',
    '\ua960',
    '\ud7b0',
    '\ud7cb',
    '\u0e01',
    '\u0e33',
    '\u0eb3',
    '\u0d4e',
    '\u0d15',
    '\u00ad',
    '\u061c',
    '\u180e',
    '\u034f',
    '\u200b',
    '\u202e',
    '\u2066',
    '\ufeff',
    '\ud800',
    '\udc00',
    '\ue000',
    '\u0378',
    '\u2028',
    '\u001b',
    '\u0007',
    '\u009b',
    '\t',
    '\n',
    '☰',
    '㉈',
    '\u0600',
    '\u{1f3fb}',
  ];
  const tricky = fc.array(fc.constantFrom(...TRICKY), { maxLength: 30 }).map((p) => p.join(''));

  it('sanitised text of any shape is drawn over exactly the columns string-width measures', () => {
    fc.assert(
      fc.property(
        fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 })),
        (text) => {
          const out = sanitizeForTerminal(text);
          expect(firstNeverRaw(out)).toBeUndefined();
          expect(stringWidth(out)).toBe(terminalColumns(out));
          expect(isTerminalSafe(out)).toBe(true);
          expect(sanitizeForTerminal(out)).toBe(out);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
