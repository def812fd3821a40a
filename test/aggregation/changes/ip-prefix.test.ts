import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIpPrefix } from '../../../src/aggregation/changes/ip-prefix.js';

describe('clientIpPrefix', () => {
  it('gives the /24 of an IPv4 address', () => {
    expect(clientIpPrefix('203.0.113.77')).toBe('203.0.113.0/24');
    expect(clientIpPrefix('10.0.0.1')).toBe('10.0.0.0/24');
    expect(clientIpPrefix('255.255.255.255')).toBe('255.255.255.0/24');
  });

  it('gives the /48 of an IPv6 address in canonical text', () => {
    expect(clientIpPrefix('2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toBe('2001:db8:85a3::/48');
    expect(clientIpPrefix('2001:DB8:85A3::1')).toBe('2001:db8:85a3::/48');
    expect(clientIpPrefix('2001:db8::1')).toBe('2001:db8::/48');
    expect(clientIpPrefix('2001:0:0:1::1')).toBe('2001::/48');
    expect(clientIpPrefix('::1')).toBe('::/48');
    expect(clientIpPrefix('fe80::1%eth0')).toBe('fe80::/48');
  });

  it('treats IPv4-mapped IPv6 as the IPv4 address it carries', () => {
    expect(clientIpPrefix('::ffff:198.51.100.7')).toBe('198.51.100.0/24');
    expect(clientIpPrefix('::ffff:c633:6407')).toBe('198.51.100.0/24');
  });

  it('accepts a dotted IPv4 tail in a full IPv6 address', () => {
    expect(clientIpPrefix('2001:db8:1:2:3:4:1.2.3.4')).toBe('2001:db8:1::/48');
  });

  it('refuses what is not an address (hostile input)', () => {
    for (const bad of [
      undefined,
      '',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      'a.b.c.d',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::',
      'g::1',
      '\u001b[2J',
      'x'.repeat(100),
    ]) {
      expect(clientIpPrefix(bad)).toBeNull();
    }
  });

  it('puts every address of one /24 or /48 in the same prefix (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 255 }), (ip, last) => {
        const other = ip.replace(/\.\d+$/, `.${last}`);
        expect(clientIpPrefix(other)).toBe(clientIpPrefix(ip));
        expect(clientIpPrefix(ip)).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const prefix = clientIpPrefix(ip);
        expect(prefix).not.toBeNull();
        expect(prefix).toMatch(/(^\d+\.\d+\.\d+\.0\/24$)|(::\/48$)/);
      }),
    );
  });
  it('reads dotted quads exactly as the regular expression it replaced (property)', () => {
    // The reference: the /24 of a.b.c.d when each part is 1-3 digits and at most 255.
    const reference = (ip: string): string | null => {
      const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
      if (m === null) return null;
      const octets = m.slice(1).map(Number);
      return octets.every((o) => o <= 255) ? `${octets[0]}.${octets[1]}.${octets[2]}.0/24` : null;
    };
    const part = fc.oneof(fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('', 'a', ' ', '-1', '+1', '٣'));
    const dotted = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.oneof(dotted, fc.string({ maxLength: 20 })), (ip) => {
        if (ip.includes(':')) return;
        expect(clientIpPrefix(ip)).toBe(ip.length === 0 ? null : reference(ip));
      }),
      { numRuns: 5_000 },
    );
  });
});
