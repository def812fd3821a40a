import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTerminalSafe, sanitizeForTerminal } from '../../src/text/sanitize.js';

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
