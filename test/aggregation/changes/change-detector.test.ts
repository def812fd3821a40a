import { describe, expect, it } from 'vitest';
import { ChangeDetector } from '../../../src/aggregation/changes/change-detector.js';
import type { Change } from '../../../src/aggregation/changes/types.js';
import type { LogEvent } from '../../../src/events/types.js';
import { Prng } from '../../../src/random/prng.js';
import { T0, connectionStream, countsAt, firewallEntry, handshake, poisson, type Incident, type StreamDistribution } from './streams.js';

const at = (s: number): number => T0 + s * 1000;
const sec = (ms: number): number => (ms - T0) / 1000;

/** Feed events in order; returns the detector and the watermark at which each change id was first listed. */
function feed(events: readonly LogEvent[], detector = new ChangeDetector()): { detector: ChangeDetector; firstSeen: Map<string, number> } {
  const firstSeen = new Map<string, number>();
  let known = 0;
  for (const e of events) {
    detector.observe(e);
    const stats = detector.stats();
    if (stats.changes !== known) {
      known = stats.changes;
      for (const c of detector.changes()) if (!firstSeen.has(c.id)) firstSeen.set(c.id, stats.watermarkMs);
    }
  }
  return { detector, firstSeen };
}

const MIX: StreamDistribution[] = [
  { id: 'E1PARTNER', rate: 12, failureRate: 0.01 },
  { id: 'E2STEADYBAD', rate: 10, failureRate: 0.1 },
  { id: 'E3SLOW', rate: 1, failureRate: 0.02 },
];
const partnerIncident = (fromSec: number, toSec: number): Incident => ({
  distributionId: 'E1PARTNER',
  fromSec,
  toSec,
  failureRate: 0.3,
  code: 'ClientCertUntrusted',
  failing: { clientLeafCertIssuer: 'CN=Partner CA G1' },
});

describe('ChangeDetector: detection targets', () => {
  it('reports 1 % -> 30 % on a 10+ handshakes/s distribution within 10 s of event time, onset within 5 s', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const events = connectionStream(seed, 480, MIX, [partnerIncident(300, 480)], 1500);
      const { detector, firstSeen } = feed(events);
      const changes = detector.changes();
      expect(changes, `seed ${seed}`).toHaveLength(1);
      const c = changes[0]!;
      expect(c).toMatchObject({
        kind: 'failure-code',
        distributionId: 'E1PARTNER',
        tenantId: null,
        failureCode: 'ClientCertUntrusted',
        end: null,
      });
      expect(Math.abs(sec(c.onset) - 300), `seed ${seed}`).toBeLessThanOrEqual(5);
      expect(sec(firstSeen.get(c.id)!) - 300, `seed ${seed}`).toBeLessThanOrEqual(10);
      expect(c.before).toBeLessThan(0.01);
      expect(c.after).toBeGreaterThan(0.2);
      expect(c.unit).toBe('fraction');
    }
  });

  it('meets the same targets over many seeds of per-second counts (10 handshakes/s, Poisson volume)', () => {
    const delays: number[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const prng = new Prng(seed);
      const detector = new ChangeDetector();
      const profile = { id: 'E1', handshakes: (r: Prng) => poisson(r, 10), codes: { TcpTimeout: 0.01 } };
      let shown = NaN;
      for (let s = 0; s < 700; s++) {
        detector.observeCounts(
          countsAt(prng, profile, s, s >= 600 ? { codes: { TcpTimeout: 0.01, ClientCertUntrusted: 0.3 } } : undefined),
        );
        if (Number.isNaN(shown) && detector.stats().changes > 0) shown = detector.stats().watermarkMs;
      }
      const [c] = detector.changes();
      expect(c, `seed ${seed}`).toBeDefined();
      expect(Math.abs(sec(c!.onset) - 600), `seed ${seed}`).toBeLessThanOrEqual(5);
      delays.push(sec(shown) - 600);
    }
    expect(Math.max(...delays)).toBeLessThanOrEqual(10);
  });

  it('shows an incident that began before the monitor did, with its true onset, as soon as the history is read', () => {
    // The monitor starts 25 s into the incident and reads the file from its start, in one burst.
    const events = connectionStream(9, 325, MIX, [partnerIncident(300, 400)]);
    const burst = new ChangeDetector();
    for (const e of events) burst.observe(e);
    const [c] = burst.changes();
    expect(c).toBeDefined();
    expect(Math.abs(sec(c!.onset) - 300)).toBeLessThanOrEqual(5);
    // Exactly what a monitor that had been running all along shows.
    const live = feed(events).detector.changes();
    expect(burst.changes()).toEqual(live);
  });

  it('tolerates events a few seconds out of order: same changes as in order, nothing late', () => {
    const inOrder = connectionStream(4, 500, MIX, [partnerIncident(300, 420)]);
    const shuffled = connectionStream(4, 500, MIX, [partnerIncident(300, 420)], 2500);
    expect(shuffled.map((e) => e.kind === 'connection' && e.eventTimestamp)).not.toEqual(
      inOrder.map((e) => e.kind === 'connection' && e.eventTimestamp),
    );
    const a = feed(inOrder).detector;
    const b = feed(shuffled).detector;
    a.flush();
    b.flush();
    expect(b.stats().lateEvents).toBe(0);
    // Identical but for the moment of detection and the attribute tables, which see events in arrival order.
    const strip = (cs: readonly Change[]) =>
      cs.map(({ detectedAt: _d, attributes, baselineEvents: _b, ...rest }) => ({
        ...rest,
        attributes: attributes.map((x) => [x.field, x.value]),
      }));
    expect(strip(b.changes())).toEqual(strip(a.changes()));
    // (The baseline is a systematic sample of the handshakes: arrival order changes which ones.)
    expect(Math.abs(b.changes()[0]!.attributes[0]!.baselineShare - a.changes()[0]!.attributes[0]!.baselineShare)).toBeLessThan(0.015);
  });

  it('counts events older than the lag as late and does not analyse them', () => {
    const detector = new ChangeDetector({ lagSeconds: 3 });
    const prng = new Prng(1);
    detector.observe(handshake(prng, at(100), 'E1', 'Success'));
    detector.observe(handshake(prng, at(97), 'E1', 'Success'));
    expect(detector.stats().lateEvents).toBe(0);
    detector.observe(handshake(prng, at(96), 'E1', 'Success'));
    expect(detector.stats().lateEvents).toBe(1);
    detector.advance(at(200));
    detector.observe(handshake(prng, at(150), 'E1', 'Success'));
    expect(detector.stats().lateEvents).toBe(2);
    expect(detector.stats().watermarkMs).toBe(at(200));
  });

  it('says when the change ends (recovery), with the end at the return, and keeps it listed', () => {
    const events = connectionStream(5, 700, MIX, [partnerIncident(300, 420)]);
    const { detector } = feed(events);
    const [c] = detector.changes();
    expect(c).toBeDefined();
    expect(c!.end).not.toBeNull();
    expect(Math.abs(sec(c!.end!) - 420)).toBeLessThanOrEqual(5);
    expect(c!.after).toBeGreaterThan(0.2);
    // Excess failures per second over the baseline: about 30 % of 12 handshakes/s.
    expect(c!.excessFailures).toBeGreaterThan(2.5);
    expect(c!.excessFailures).toBeLessThan(5);
    expect(c!.events).toBeGreaterThan(300);
  });

  it('does not flag a distribution that has been bad all along, nor low-volume noise', () => {
    const events = connectionStream(6, 1800, [
      { id: 'E2STEADYBAD', rate: 10, failureRate: 0.1 },
      { id: 'E3SLOW', rate: 1, failureRate: 0.02 },
      { id: 'E4VERYSLOW', rate: 0.05, failureRate: 0.3 },
    ]);
    const prng = new Prng(6);
    // A new distribution: 1 failure in 3 handshakes.
    events.push(
      handshake(prng, at(1000), 'E5NEW', 'Success'),
      handshake(prng, at(1001), 'E5NEW', 'Failed:ClientCertUntrusted'),
      handshake(prng, at(1002), 'E5NEW', 'Success'),
    );
    events.sort((a, b) => (a.kind === 'connection' ? a.eventTimestamp : 0) - (b.kind === 'connection' ? b.eventTimestamp : 0));
    const { detector } = feed(events);
    detector.flush();
    expect(detector.changes()).toEqual([]);
  });

  it('finds p99 jumping from 80 ms to 800 ms, before and after in ms', () => {
    const events = connectionStream(7, 420, [{ id: 'E1', rate: 10, failureRate: 0.01 }]).map((e, i) =>
      e.kind === 'connection' && e.eventTimestamp >= at(300)
        ? { ...e, tlsHandshakeDuration: Math.round(10 * (e.tlsHandshakeDuration ?? 0) + (i % 3)) }
        : e,
    );
    const { detector, firstSeen } = feed(events);
    const [c] = detector.changes();
    expect(c).toMatchObject({ kind: 'latency-p99', failureCode: 'p99', unit: 'ms', distributionId: 'E1' });
    expect(c!.before).toBeGreaterThan(65);
    expect(c!.before).toBeLessThan(95);
    expect(c!.after).toBeGreaterThan(650);
    expect(c!.after).toBeLessThan(950);
    expect(Math.abs(sec(c!.onset) - 300)).toBeLessThanOrEqual(2);
    expect(sec(firstSeen.get(c!.id)!) - 300).toBeLessThanOrEqual(10);
    // Nearly every handshake is now slower than the threshold: the excess is about the handshake rate.
    expect(c!.excessFailures).toBeGreaterThan(7);
    // The same change as the rate the test counts: the share of handshakes over the threshold.
    expect(c!.slowShare!.thresholdMs).toBeGreaterThan(c!.before);
    expect(c!.slowShare!.thresholdMs).toBeLessThan(c!.after);
    expect(c!.slowShare!.before).toBeLessThan(0.01);
    expect(c!.slowShare!.after).toBeGreaterThan(0.9);
    expect(c!.slowShare!.after).toBeLessThanOrEqual(1);
  });
});

describe('ChangeDetector: what the changes say', () => {
  it('attributes the new failures: issuer CN=Partner CA G1, nearly all new failures against 3 % before', () => {
    // Ten minutes of history: the baseline samples two handshakes a second, so 1,200 of them.
    const events = connectionStream(8, 720, MIX, [{ ...partnerIncident(600, 720), failureRate: 0, extraRate: 10 }]);
    const { detector } = feed(events);
    const [c] = detector.changes();
    expect(c).toBeDefined();
    const issuer = c!.attributes.find((a) => a.field === 'issuer');
    expect(issuer).toMatchObject({ value: 'CN=Partner CA G1' });
    expect(issuer!.share).toBeGreaterThan(0.95);
    expect(issuer!.baselineShare).toBeGreaterThan(0.02);
    expect(issuer!.baselineShare).toBeLessThan(0.045);
    expect(c!.attributes[0]).toBe(issuer);
  });

  it('keeps baseline shares accurate while sampling the baseline of a busy distribution', () => {
    const events = connectionStream(
      19,
      1020,
      [{ id: 'E1', rate: 150, failureRate: 0.01 }],
      [
        {
          distributionId: 'E1',
          fromSec: 900,
          toSec: 1020,
          failureRate: 0,
          code: 'ClientCertUntrusted',
          failing: { clientLeafCertIssuer: 'CN=Partner CA G1' },
          extraRate: 60,
        },
      ],
    );
    const { detector } = feed(events);
    const [c] = detector.changes();
    const issuer = c!.attributes.find((a) => a.field === 'issuer');
    expect(issuer).toMatchObject({ value: 'CN=Partner CA G1' });
    // 3 % of the handshakes before; about 2 of the 150 a second were sampled.
    expect(issuer!.baselineShare).toBeGreaterThan(0.02);
    expect(issuer!.baselineShare).toBeLessThan(0.04);
  });

  it('attributes expired client certificates, and the client network', () => {
    const prng = new Prng(12);
    const events = connectionStream(12, 400, [{ id: 'E1', rate: 15, failureRate: 0.01 }]);
    for (let s = 300; s < 400; s++) {
      for (let i = 0; i < 6; i++) {
        events.push(
          handshake(prng, at(s) + i * 150, 'E1', 'Failed:ClientCertExpired', {
            clientLeafCertNotAfter: at(200),
            clientIp: `203.0.113.${prng.int(1, 254)}`,
          }),
        );
      }
    }
    events.sort((a, b) => (a as { eventTimestamp: number }).eventTimestamp - (b as { eventTimestamp: number }).eventTimestamp);
    const { detector } = feed(events);
    const [c] = detector.changes();
    expect(c).toMatchObject({ failureCode: 'ClientCertExpired' });
    const fields = Object.fromEntries(c!.attributes.map((a) => [a.field, a]));
    expect(fields.certValidity).toMatchObject({ value: 'expired' });
    expect(fields.certValidity!.share).toBeGreaterThan(0.9);
    expect(fields.clientPrefix).toMatchObject({ value: '203.0.113.0/24' });
    expect(fields.clientPrefix!.baselineShare).toBeLessThan(0.05);
  });

  it("folds a tenant's change into its distribution's change, and shows a small tenant's change on its own", () => {
    const prng = new Prng(13);
    const events: LogEvent[] = [];
    for (let s = 0; s < 500; s++) {
      for (let i = poisson(prng, 20); i > 0; i--) {
        const tenant = prng.chance(0.5) ? 'dt_big' : prng.chance(0.92) ? 'dt_mid' : 'dt_small';
        // dt_big (half the traffic) fails from 200 s to 300 s; dt_small (4 %) from 350 s: too little to move the whole distribution.
        const fails = (tenant === 'dt_big' && s >= 200 && s < 300) || (tenant === 'dt_small' && s >= 350);
        events.push(
          handshake(prng, at(s) + prng.int(0, 999), 'E1', fails && prng.chance(0.6) ? 'Failed:ClientCertRejected' : 'Success', {
            distributionTenantId: tenant,
          }),
        );
      }
    }
    events.sort((a, b) => (a as { eventTimestamp: number }).eventTimestamp - (b as { eventTimestamp: number }).eventTimestamp);
    const { detector } = feed(events);
    const changes = detector.changes();
    const whole = changes.filter((c) => c.tenantId === null);
    const small = changes.filter((c) => c.tenantId === 'dt_small');
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ distributionId: 'E1', failureCode: 'ClientCertRejected' });
    expect(whole[0]!.attributes.find((a) => a.field === 'tenant')).toMatchObject({ value: 'dt_big' });
    expect(changes.some((c) => c.tenantId === 'dt_big')).toBe(false);
    expect(small).toHaveLength(1);
    expect(Math.abs(sec(small[0]!.onset) - 350)).toBeLessThanOrEqual(5);
    expect(small[0]!.attributes.map((a) => a.field)).not.toContain('tenant');
  });

  it('reports the overall failure rate when no single code changed enough, and only the code when one did', () => {
    const prng = new Prng(14);
    const detector = new ChangeDetector();
    const codes = [
      'TcpError',
      'TcpTimeout',
      'Internal',
      'ConnectionFunctionError',
      'ClientCertInvalid',
      'ClientCertRejected',
      'ClientCertMissing',
      'UnmappedConnectionError',
    ];
    const spread = Object.fromEntries(codes.map((c) => [c, 0.035]));
    const profile = { id: 'E1', handshakes: () => 40, codes: { TcpError: 0.01 } };
    for (let s = 0; s < 500; s++) detector.observeCounts(countsAt(prng, profile, s, s >= 300 ? { codes: spread } : undefined));
    const changes = detector.changes();
    expect(changes.map((c) => c.kind)).toEqual(['failure-rate']);
    expect(changes[0]).toMatchObject({ failureCode: 'Failed', distributionId: 'E1' });
    expect(changes[0]!.after).toBeGreaterThan(0.2);

    const single = new ChangeDetector();
    for (let s = 0; s < 500; s++)
      single.observeCounts(countsAt(prng, profile, s, s >= 300 ? { codes: { TcpError: 0.01, ClientCertUntrusted: 0.3 } } : undefined));
    expect(single.changes().map((c) => [c.kind, c.failureCode])).toEqual([['failure-code', 'ClientCertUntrusted']]);
  });

  it('ranks changes by excess failures per second', () => {
    const prng = new Prng(15);
    const detector = new ChangeDetector();
    const small = { id: 'SMALL', handshakes: () => 10, codes: { TcpError: 0.01 } };
    const big = { id: 'BIG', handshakes: () => 100, codes: { TcpError: 0.01 } };
    for (let s = 0; s < 500; s++) {
      detector.observeCounts(countsAt(prng, small, s, s >= 300 ? { codes: { ClientCertUntrusted: 0.5 } } : undefined));
      detector.observeCounts(countsAt(prng, big, s, s >= 320 ? { codes: { ClientCertUntrusted: 0.2 } } : undefined));
    }
    const changes = detector.changes();
    expect(changes.map((c) => c.distributionId)).toEqual(['BIG', 'SMALL']);
    expect(changes[0]!.excessFailures).toBeGreaterThan(changes[1]!.excessFailures);
    expect(changes[0]!.excessFailures).toBeGreaterThan(15);
  });

  it('finds firewall changes: a revoked host dropped, and SNI errors climbing, with their attributes', () => {
    const prng = new Prng(16);
    const events: LogEvent[] = [];
    for (let s = 0; s < 500; s++) {
      for (let i = poisson(prng, 0.3); i > 0; i--)
        events.push(
          firewallEntry(prng, at(s) + prng.int(0, 999), {
            tlsErrorClass: 'sni_mismatch',
            sni: prng.pick(['legacy-api.example.org', 'storage.internal.example.com']),
          }),
        );
      if (s >= 300)
        for (let i = poisson(prng, 3); i > 0; i--)
          events.push(firewallEntry(prng, at(s) + prng.int(0, 999), { tlsErrorClass: 'sni_mismatch', sni: 'test.com' }));
      if (s >= 200)
        for (let i = poisson(prng, 2); i > 0; i--)
          events.push(
            firewallEntry(prng, at(s) + prng.int(0, 999), { status: 'REVOKED', action: 'DROP', sni: 'updates.vendor-cdn.example.com' }),
          );
      for (let i = poisson(prng, 0.1); i > 0; i--)
        events.push(
          firewallEntry(prng, at(s) + prng.int(0, 999), {
            status: 'UNKNOWN',
            action: 'PASS',
            sni: 'api.flaky-ocsp.example.net',
            dest: '198.51.100.201',
          }),
        );
    }
    events.sort((a, b) => (a as { timestampMs: number }).timestampMs - (b as { timestampMs: number }).timestampMs);
    const { detector } = feed(events);
    const changes = detector.changes();
    const revoked = changes.find((c) => c.kind === 'firewall-revocation');
    const sni = changes.find((c) => c.kind === 'firewall-tls-error');
    expect(changes).toHaveLength(2);
    expect(revoked).toMatchObject({
      failureCode: 'REVOKED/DROP',
      sni: 'updates.vendor-cdn.example.com',
      distributionId: null,
      unit: 'per-second',
      end: null,
    });
    expect(Math.abs(sec(revoked!.onset) - 200)).toBeLessThanOrEqual(3);
    expect(revoked!.after).toBeGreaterThan(1.5);
    expect(revoked!.attributes.find((a) => a.field === 'destination')).toMatchObject({ value: '54.92.160.72:443' });
    expect(revoked!.attributes.map((a) => a.field)).not.toContain('sni');
    expect(sni).toMatchObject({ failureCode: 'sni_mismatch', sni: null });
    expect(Math.abs(sec(sni!.onset) - 300)).toBeLessThanOrEqual(3);
    expect(sni!.before).toBeLessThan(0.5);
    expect(sni!.attributes[0]).toMatchObject({ field: 'sni', value: 'test.com' });
  });

  it('ends the change of a distribution that goes silent, at its last second of traffic', () => {
    const prng = new Prng(17);
    const detector = new ChangeDetector({ silentEndSeconds: 120 });
    const profile = { id: 'E1', handshakes: () => 20, codes: { TcpError: 0.01 } };
    for (let s = 0; s < 400; s++) detector.observeCounts(countsAt(prng, profile, s, s >= 300 ? { codes: { TcpError: 0.5 } } : undefined));
    expect(detector.changes()[0]?.end).toBeNull();
    detector.advance(at(700));
    const [c] = detector.changes();
    expect(c!.end).toBe(at(400));
  });

  it('returns the same snapshot until another second closes', () => {
    const prng = new Prng(20);
    const detector = new ChangeDetector();
    const profile = { id: 'E1', handshakes: () => 20, codes: { TcpError: 0.01 } };
    for (let s = 0; s < 400; s++) detector.observeCounts(countsAt(prng, profile, s, s >= 300 ? { codes: { TcpError: 0.5 } } : undefined));
    const first = detector.changes();
    expect(first).toHaveLength(1);
    expect(detector.changes()).toBe(first);
    detector.observeCounts(countsAt(prng, profile, 400, { codes: { TcpError: 0.5 } }));
    const next = detector.changes();
    expect(next).not.toBe(first);
    expect(next[0]!.events).toBeGreaterThan(first[0]!.events);
  });

  it('keeps ended changes for the retention, then forgets them', () => {
    const prng = new Prng(18);
    const detector = new ChangeDetector({ retainEndedSeconds: 600 });
    const profile = { id: 'E1', handshakes: () => 20, codes: { TcpError: 0.01 } };
    for (let s = 0; s < 900; s++)
      detector.observeCounts(countsAt(prng, profile, s, s >= 300 && s < 360 ? { codes: { TcpError: 0.5 } } : undefined));
    expect(detector.changes()).toHaveLength(1);
    for (let s = 900; s < 1100; s++) detector.observeCounts(countsAt(prng, profile, s));
    expect(detector.changes()).toHaveLength(0);
  });
});
