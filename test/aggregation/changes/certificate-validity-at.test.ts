import { describe, expect, it } from 'vitest';
import { certificateValidityAt, parseValidityWindow } from '../../../src/aggregation/changes/certificate-validity-at.js';
import type { ConnectionEvent } from '../../../src/events/types.js';

const at = (timeMs: number, extra: Partial<ConnectionEvent>): ConnectionEvent => ({
  kind: 'connection',
  eventTimestamp: timeMs,
  connectionStatus: 'Success',
  outcome: 'success',
  failureCode: null,
  ...extra,
});

const NOT_BEFORE = Date.parse('2025-06-05T23:28:21Z');
const NOT_AFTER = Date.parse('2026-06-05T23:28:21Z');

describe('certificateValidityAt', () => {
  it('compares the parsed window with the handshake time', () => {
    const window = { clientLeafCertNotBefore: NOT_BEFORE, clientLeafCertNotAfter: NOT_AFTER };
    expect(certificateValidityAt(at(NOT_BEFORE + 1, window))).toBe('valid');
    expect(certificateValidityAt(at(NOT_AFTER, window))).toBe('valid');
    expect(certificateValidityAt(at(NOT_AFTER + 1, window))).toBe('expired');
    expect(certificateValidityAt(at(NOT_BEFORE - 1, window))).toBe('not-yet-valid');
  });

  it('reads the raw text when the parser left the window out', () => {
    const raw = { clientLeafCertValidity: 'NotBefore=2025-06-05T23:28:21Z;NotAfter=2026-06-05T23:28:21Z' };
    expect(certificateValidityAt(at(Date.parse('2026-01-01T00:00:00Z'), raw))).toBe('valid');
    expect(certificateValidityAt(at(Date.parse('2027-01-01T00:00:00Z'), raw))).toBe('expired');
    expect(certificateValidityAt(at(Date.parse('2025-01-01T00:00:00Z'), raw))).toBe('not-yet-valid');
  });

  it('is null without a certificate or with an unusable window', () => {
    expect(certificateValidityAt(at(NOT_AFTER, {}))).toBeNull();
    expect(certificateValidityAt(at(NOT_AFTER, { clientLeafCertValidity: 'garbage' }))).toBeNull();
    expect(certificateValidityAt(at(NOT_AFTER, { clientLeafCertValidity: 'NotBefore=soon;NotAfter=later' }))).toBeNull();
  });

  it('uses whichever bound is known', () => {
    expect(certificateValidityAt(at(NOT_AFTER + 1, { clientLeafCertValidity: 'NotAfter=2026-06-05T23:28:21Z' }))).toBe('expired');
    expect(certificateValidityAt(at(NOT_BEFORE - 1, { clientLeafCertNotBefore: NOT_BEFORE }))).toBe('not-yet-valid');
  });

  it('parses both parts in any order and ignores overlong text', () => {
    expect(parseValidityWindow('NotAfter=2026-06-05T23:28:21Z;NotBefore=2025-06-05T23:28:21Z')).toEqual({
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
    });
    const long = parseValidityWindow('NotBefore=2025-06-05T23:28:21Z;' + 'x'.repeat(300));
    expect(Number.isNaN(long.notBefore)).toBe(true);
  });
});
