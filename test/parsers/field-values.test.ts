import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyTlsError, parseCertValidity, parseIsoTime, splitConnectionStatus } from '../../src/parsers/index.js';

describe('field values', () => {
  it('parses certificate validity windows in either order', () => {
    expect(parseCertValidity('NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z')).toEqual({
      notBefore: Date.UTC(2025, 5, 5, 23, 28, 21),
      notAfter: Date.UTC(2125, 4, 12, 23, 28, 21),
    });
    expect(parseCertValidity(' notafter = 2030-01-01T00:00:00Z ; NotBefore=bogus')).toEqual({
      notBefore: undefined,
      notAfter: Date.UTC(2030, 0, 1),
    });
    expect(parseCertValidity('')).toEqual({ notBefore: undefined, notAfter: undefined });
  });

  it('memoises validity windows per text, frozen, and gives up on overlong text', () => {
    const text = 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z';
    const first = parseCertValidity(text);
    // An equal text built afresh (as every parsed line is) gets the same shared result.
    const again = parseCertValidity(['NotBefore=2025-06-05T23:28:21Z', 'NotAfter=2125-05-12T23:28:21Z'].join(';'));
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseCertValidity(`${text};${'x'.repeat(300)}`)).toEqual({ notBefore: undefined, notAfter: undefined });
  });

  it('reads the same window through the memo as without it (property)', () => {
    const iso = fc
      .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2999, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    fc.assert(
      fc.property(iso, iso, fc.boolean(), (a, b, swap) => {
        const text = swap ? `NotAfter=${b};NotBefore=${a}` : `NotBefore=${a};NotAfter=${b}`;
        const expected = { notBefore: Date.parse(a), notAfter: Date.parse(b) };
        expect(parseCertValidity(text)).toEqual(expected);
        expect(parseCertValidity(text.slice(0))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts only ISO-shaped times', () => {
    expect(parseIsoTime('2024-07-02T18:01:44.412778Z')).toBe(Date.UTC(2024, 6, 2, 18, 1, 44, 412));
    expect(parseIsoTime('Jun 5 2024')).toBeNaN();
    expect(parseIsoTime('2024-13-45T99:99:99Z')).toBeNaN();
  });

  it('splits connection statuses', () => {
    expect(splitConnectionStatus('Success')).toEqual({ outcome: 'success', failureCode: null });
    expect(splitConnectionStatus('Failed:ClientCertExpired')).toEqual({ outcome: 'failed', failureCode: 'ClientCertExpired' });
    expect(splitConnectionStatus('Failed:SomethingNew')).toEqual({ outcome: 'failed', failureCode: 'SomethingNew' });
    expect(splitConnectionStatus('Failed')).toEqual({ outcome: 'failed', failureCode: 'Unspecified' });
  });

  it('classifies firewall TLS error messages', () => {
    expect(classifyTlsError('Server name is not found in client hello.')).toBe('missing_sni');
    expect(classifyTlsError('SNI: test.com Match Failed to server certificate names: a/b/c ')).toBe('sni_mismatch');
    expect(classifyTlsError('SNI: evil Match Failed')).toBe('sni_mismatch');
    expect(classifyTlsError('certificate verify failed')).toBe('other');
  });
});

describe('parseIsoTime fast path', () => {
  it('agrees with Date.parse on every UTC instant AWS could write, with 0 to 6 fraction digits', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 6 }),
        (date, digits) => {
          const iso = date.toISOString();
          const text = digits === 0 ? iso.slice(0, 19) + 'Z' : iso.slice(0, 20) + (iso.slice(20, 23) + '123').slice(0, digits) + 'Z';
          expect(parseIsoTime(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
