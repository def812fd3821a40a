import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributeProfile,
  CONNECTION_FIELDS,
  connectionAttributes,
  firewallAttributes,
} from '../../../src/aggregation/changes/attribution.js';
import { DecayingTopK, ForwardDecay } from '../../../src/aggregation/changes/decaying-top-k.js';
import { Prng } from '../../../src/random/prng.js';
import { T0, firewallEntry, handshake } from './streams.js';

describe('DecayingTopK', () => {
  it('holds upper bounds within error, and bounds absent values by its floor (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 2000 }), (draws) => {
        const table = new DecayingTopK(16);
        const truth = new Map<string, number>();
        for (const d of draws) {
          const key = `v${d % 5 === 0 ? 0 : d}`;
          table.add(key, 1);
          truth.set(key, (truth.get(key) ?? 0) + 1);
        }
        expect(table.size).toBeLessThanOrEqual(16);
        expect(table.total).toBe(draws.length);
        for (const [key, n] of truth) {
          const e = table.get(key);
          if (e === undefined) {
            expect(n).toBeLessThanOrEqual(table.floor);
          } else {
            expect(e.weight).toBeGreaterThanOrEqual(n);
            expect(e.weight - e.error).toBeLessThanOrEqual(n);
          }
          expect(table.shareUpper(key) * draws.length).toBeGreaterThanOrEqual(n - 1e-9);
          expect(table.shareLower(key) * draws.length).toBeLessThanOrEqual(n + 1e-9);
        }
        // Any value with a share above 1/capacity is held.
        for (const [key, n] of truth) if (n > draws.length / 16) expect(table.get(key)).toBeDefined();
      }),
    );
  });

  it('keeps the bounds when two tables are merged (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 800 }),
        fc.array(fc.integer({ min: 20, max: 80 }), { maxLength: 800 }),
        (xs, ys) => {
          const a = new DecayingTopK(8);
          const b = new DecayingTopK(8);
          const truth = new Map<string, number>();
          for (const x of xs) a.add(`v${x}`, 1);
          for (const y of ys) b.add(`v${y}`, 1);
          for (const v of [...xs, ...ys]) truth.set(`v${v}`, (truth.get(`v${v}`) ?? 0) + 1);
          a.merge(b);
          expect(a.size).toBeLessThanOrEqual(8);
          expect(a.total).toBe(xs.length + ys.length);
          for (const [key, n] of truth) {
            const e = a.get(key);
            if (e === undefined) expect(n).toBeLessThanOrEqual(a.floor + 1e-9);
            else {
              expect(e.weight).toBeGreaterThanOrEqual(n - 1e-9);
              expect(e.weight - e.error).toBeLessThanOrEqual(n + 1e-9);
            }
          }
        },
      ),
    );
  });

  it('forward decay: newer values weigh more, and a rescale keeps shares', () => {
    const decay = new ForwardDecay(600);
    const table = new DecayingTopK(4);
    const rescale = (f: number): void => table.scale(f);
    for (let i = 0; i < 100; i++) table.add('old', decay.weight(0, rescale));
    for (let i = 0; i < 100; i++) table.add('new', decay.weight(600, rescale));
    expect(table.shareUpper('new')).toBeCloseTo(2 / 3, 9);
    table.add('new', decay.weight(600 * 70, rescale));
    expect(table.total).toBeLessThan(10);
    expect(table.shareUpper('new')).toBeCloseTo(1, 6);
  });
});

describe('attribute values', () => {
  it('extracts the connection fields, the client prefix and the validity at the handshake', () => {
    const values: (string | null)[] = [];
    const e = handshake(new Prng(1), T0, 'E1', 'Failed:ClientCertExpired', {
      clientIp: '2001:db8:85a3::7',
      distributionTenantId: 'dt_1',
      clientLeafCertNotAfter: T0 - 1,
    });
    connectionAttributes(e, values);
    const byField = Object.fromEntries(CONNECTION_FIELDS.map((f, i) => [f, values[i]]));
    expect(byField).toMatchObject({
      issuer: e.clientLeafCertIssuer,
      subject: e.clientLeafCertSubject,
      serial: e.clientLeafCertSerialNumber,
      sni: 'e1.example.com',
      clientPrefix: '2001:db8:85a3::/48',
      serverIp: e.serverIp,
      tenant: 'dt_1',
      certValidity: 'expired',
    });
    connectionAttributes(
      {
        kind: 'connection',
        eventTimestamp: T0,
        connectionStatus: 'Failed:ClientCertMissing',
        outcome: 'failed',
        failureCode: 'ClientCertMissing',
      },
      values,
    );
    expect(values.every((v) => v === null)).toBe(true);
  });

  it('extracts firewall fields and cuts hostile text to the label length', () => {
    const values: (string | null)[] = [];
    const e = firewallEntry(new Prng(2), T0, { tlsErrorClass: 'sni_mismatch', sni: 'x'.repeat(5000) });
    firewallAttributes(e, values);
    expect(values[0]).toHaveLength(256);
    expect(values[1]).toBe('10.0.1.27:443');
    expect(values[2]).toMatch(/^10\.0\.\d\.0\/24$/);
  });
});

describe('AttributeProfile and ChangeAttribution', () => {
  /** A profile fed with `seconds` seconds of 20 handshakes/s (3 % from the partner CA, see ISSUERS), rolled every 10 s. */
  function profileWith(prng: Prng, seconds: number): AttributeProfile {
    const profile = new AttributeProfile(CONNECTION_FIELDS, 600, 16, 32);
    const values: (string | null)[] = [];
    for (let s = 0; s < seconds; s++) {
      for (let i = 0; i < 20; i++) {
        connectionAttributes(handshake(prng, T0 + s * 1000, 'E1', 'Success'), values);
        profile.observe(s, values);
      }
      if (s % 10 === 0) profile.roll();
    }
    return profile;
  }

  it('names the SNI seen most, across its generations, with the names it keeps bounded under a flood of SNIs', () => {
    const profile = new AttributeProfile(CONNECTION_FIELDS, 600, 4, 8);
    const sni = CONNECTION_FIELDS.indexOf('sni');
    const values: (string | null)[] = new Array<string | null>(CONNECTION_FIELDS.length).fill(null);
    const observe = (s: number, name: string) => {
      values[sni] = name;
      profile.observe(s, values);
    };
    for (let s = 0; s < 30; s++) {
      observe(s, 'api.example.com');
      observe(s, 'api.example.com');
      observe(s, `scan-${s}.example`);
      if (s % 10 === 9) profile.roll();
    }
    expect(profile.mostSeen('sni')).toBe('api.example.com');
    // A client sending a new SNI on every handshake: names are dropped with their keys.
    for (let i = 0; i < 10_000; i++) observe(30, `flood-${i}.example`);
    const names = (profile as unknown as { names: Map<unknown, string> }).names;
    expect(names.size).toBeLessThanOrEqual(4 * 4 + 16);
    for (let i = 0; i < 20_000; i++) observe(31, 'api.example.com');
    expect(profile.mostSeen('sni')).toBe('api.example.com');
  });

  it('reports the partner CA issuer as nearly all new failures against its 3 % share before', () => {
    const prng = new Prng(4);
    const profile = profileWith(prng, 300);
    const values: (string | null)[] = [];
    const failing = (t: number) => handshake(prng, t, 'E1', 'Failed:ClientCertUntrusted', { clientLeafCertIssuer: 'CN=Partner CA G1' });
    // Failures before the onset in the ring do not count; those after do.
    for (let i = 0; i < 10; i++) {
      connectionAttributes(failing(T0 + 290_000 + i), values);
      profile.recent.push(T0 + 290_000 + i, 'ClientCertUntrusted', false, values);
    }
    for (let i = 0; i < 20; i++) {
      connectionAttributes(failing(T0 + 300_000 + i * 100), values);
      profile.recent.push(T0 + 300_000 + i * 100, 'ClientCertUntrusted', false, values);
    }
    const change = profile.startChange(T0 + 300_000, (e) => e.code === 'ClientCertUntrusted', [], 16);
    expect(change.count).toBe(20);
    for (let i = 0; i < 200; i++) {
      connectionAttributes(
        i % 50 === 0 ? handshake(prng, T0 + 310_000, 'E1', 'Failed:ClientCertUntrusted') : failing(T0 + 310_000),
        values,
      );
      change.add(values);
    }
    const ranked = change.ranked({ maxAttributes: 6, maxPerField: 2, minShare: 0.25, minLift: 0.15 });
    expect(ranked[0]).toMatchObject({ field: 'issuer', value: 'CN=Partner CA G1' });
    expect(ranked[0]!.share).toBeGreaterThan(0.95);
    expect(ranked[0]!.baselineShare).toBeGreaterThan(0.02);
    expect(ranked[0]!.baselineShare).toBeLessThan(0.04);
    // Attributes every handshake shares (protocol mix, validity) are not over-represented.
    expect(ranked.every((r) => r.share - r.baselineShare >= 0.15)).toBe(true);
    expect(ranked.map((r) => r.field)).not.toContain('certValidity');
  });

  it('leaves excluded fields out (a tenant change says nothing by "100 % of this tenant")', () => {
    const prng = new Prng(5);
    const profile = profileWith(prng, 60);
    const change = profile.startChange(T0, () => true, ['tenant'], 16);
    const values: (string | null)[] = [];
    for (let i = 0; i < 50; i++) {
      connectionAttributes(handshake(prng, T0 + 70_000, 'E1', 'Failed:TcpTimeout', { distributionTenantId: 'dt_9' }), values);
      change.add(values);
    }
    const ranked = change.ranked({ maxAttributes: 10, maxPerField: 2, minShare: 0.25, minLift: 0.15 });
    expect(ranked.map((r) => r.field)).not.toContain('tenant');
  });

  it('freezes the settled baseline at the change: later events do not move it', () => {
    const prng = new Prng(6);
    const profile = profileWith(prng, 100);
    const change = profile.startChange(T0 + 100_000, () => false, [], 16);
    const before = change.baseline[0]!.shareUpper('CN=Partner CA G1');
    const values: (string | null)[] = [];
    for (let i = 0; i < 5000; i++) {
      connectionAttributes(handshake(prng, T0 + 101_000, 'E1', 'Success', { clientLeafCertIssuer: 'CN=Partner CA G1' }), values);
      profile.observe(101, values);
    }
    profile.roll();
    profile.roll();
    expect(change.baseline[0]!.shareUpper('CN=Partner CA G1')).toBe(before);
    expect(profile.settled[0]!.shareUpper('CN=Partner CA G1')).toBeGreaterThan(0.5);
  });

  it('settles what it saw one roll earlier, not what it saw since the last roll', () => {
    const profile = new AttributeProfile(CONNECTION_FIELDS, 600, 16, 32);
    const values: (string | null)[] = [];
    connectionAttributes(handshake(new Prng(7), T0, 'E1', 'Success', { tlsSni: 'first.example' }), values);
    profile.observe(0, values);
    profile.roll();
    expect(profile.settled[3]!.total).toBe(0);
    profile.roll();
    expect(profile.settled[3]!.shareUpper('first.example')).toBe(1);
  });
});
