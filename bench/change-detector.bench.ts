/**
 * Cost of the change detector (src/aggregation/changes): per event (observe, which also
 * closes the seconds the watermark passes and steps every series) and per snapshot
 * (`changes()`), at 5,000 events/s of event time over 1,000 distributions (10 % of them
 * with two tenants), 2 % background failures over three codes, log-normal handshake
 * times, 20 firewall entries/s, and incidents under way so that snapshots rank and
 * attribute real changes. Baselines on the same events in the same run: a plain loop
 * that counts handshakes and failures per distribution and second in a Map, and the
 * store's own ingest (`createStore()`, event-time clock). Events are generated one
 * second at a time outside the timed loops, and pass through JSON.parse so their
 * strings are what the parsers produce (flat, one object per event). One thread.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStore } from '../src/aggregation/index.js';
import { ChangeDetector } from '../src/aggregation/changes/index.js';
import type { ConnectionEvent, FirewallEvent, LogEvent } from '../src/events/types.js';
import { Prng } from '../src/random/prng.js';
import type { BenchSection } from './types.js';

const EVENTS_PER_SECOND = 5_000;
const DISTRIBUTIONS = 1_000;
const SECONDS = Number(process.env.TLSTOP_BENCH_CHANGE_SECONDS ?? 600);
const WARMUP_SECONDS = 60;
const T0 = Date.UTC(2026, 10, 20, 6, 0, 0);
const CODES = ['ClientCertExpired', 'TcpTimeout', 'ClientCertMissing'];
const ISSUERS = ['CN=Fleet CA 1', 'CN=Fleet CA 2', 'CN=Partner CA G1'];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const distributions = Array.from({ length: DISTRIBUTIONS }, (_, i) => `E${String(i).padStart(12, '0')}`);

/** One second of traffic: incidents on a few distributions from second 240 (failures) and 300 (latency). */
function secondOfEvents(prng: Prng, s: number): LogEvent[] {
  const out: LogEvent[] = [];
  for (let i = 0; i < EVENTS_PER_SECOND; i++) {
    const d = i % DISTRIBUTIONS;
    const client = prng.int(1, 50_000);
    const partner = client % 4 === 0;
    let status = 'Success';
    if (d < 5 && s >= 240 && partner) status = 'Failed:ClientCertUntrusted';
    else if (d >= 5 && d < 10 && s >= 240 && prng.chance(0.4)) status = 'Failed:ClientCertRejected';
    else if (prng.chance(0.02)) status = `Failed:${CODES[client % 3]!}`;
    const slow = d >= 10 && d < 15 && s >= 300;
    const e: ConnectionEvent = {
      kind: 'connection',
      eventTimestamp: T0 + s * 1000 + Math.floor((i * 1000) / EVENTS_PER_SECOND),
      connectionStatus: status,
      outcome: status === 'Success' ? 'success' : 'failed',
      failureCode: status === 'Success' ? null : status.slice(7),
      distributionId: distributions[d]!,
      distributionTenantId: d % 10 === 0 ? (client % 2 === 0 ? 'dt_a' : 'dt_b') : undefined,
      clientIp: `198.51.${client % 250}.${client % 251}`,
      serverIp: `13.32.150.${client % 20}`,
      tlsProtocol: client % 10 === 0 ? 'TLSv1.2' : 'TLSv1.3',
      tlsCipher: 'TLS_AES_128_GCM_SHA256',
      tlsSni: `d${d}.example.com`,
      tlsHandshakeDuration: Math.round(prng.logNormal(slow ? 400 : 40, 0.3)),
      clientLeafCertIssuer: partner ? ISSUERS[2]! : ISSUERS[client % 2]!,
      clientLeafCertSubject: `CN=client-${client}.example.com`,
      clientLeafCertSerialNumber: client.toString(16),
      clientLeafCertNotBefore: T0 - 86_400_000,
      clientLeafCertNotAfter: T0 + 86_400_000 * 300,
    };
    out.push(e);
  }
  for (let i = 0; i < 20; i++) {
    const f: FirewallEvent = {
      kind: 'firewall',
      timestampMs: T0 + s * 1000 + i * 50,
      category: i % 4 === 0 ? 'revocation_check' : 'tls_error',
      tlsErrorClass: 'sni_mismatch',
      firewall_name: 'egress-fw',
      event: {
        src_ip: `10.0.0.${i}`,
        dest_ip: '10.0.1.27',
        dest_port: '443',
        sni: 'test.com',
        revocation_check: { status: 'UNKNOWN', action: 'PASS' },
      },
    };
    out.push(f);
  }
  // Through JSON, as the parsers deliver them: every string flat and its own object.
  return JSON.parse(JSON.stringify(out)) as LogEvent[];
}

interface Timing {
  /** Seconds spent in the timed loop. */
  seconds: number;
  events: number;
}

/**
 * Run `SECONDS` seconds of traffic through `consume` (timed) after a warm-up (not
 * timed); then, once a second, `snapshot` twice (timed apart): the first call after the
 * second closed, and a repeated one (what a UI polling between seconds pays).
 */
function measure(
  consume: (e: LogEvent) => void,
  snapshot?: () => number,
): { ingest: Timing; snapshots: number[]; repeats: number[]; sizes: number[] } {
  const prng = new Prng(42);
  let ns = 0n;
  let events = 0;
  const snapshots: number[] = [];
  const repeats: number[] = [];
  const sizes: number[] = [];
  for (let s = 0; s < WARMUP_SECONDS + SECONDS; s++) {
    const batch = secondOfEvents(prng, s);
    const t = process.hrtime.bigint();
    for (const e of batch) consume(e);
    const dt = process.hrtime.bigint() - t;
    if (s >= WARMUP_SECONDS) {
      ns += dt;
      events += batch.length;
    }
    if (snapshot && s >= WARMUP_SECONDS) {
      const t1 = process.hrtime.bigint();
      sizes.push(snapshot());
      const t2 = process.hrtime.bigint();
      snapshot();
      snapshots.push(Number(t2 - t1) / 1000);
      repeats.push(Number(process.hrtime.bigint() - t2) / 1000);
    }
  }
  return { ingest: { seconds: Number(ns) / 1e9, events }, snapshots, repeats, sizes };
}

const us = (t: Timing): number => (t.seconds * 1e6) / t.events;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const fmt = (n: number, digits = 2): string => n.toFixed(digits);

export default async function changeDetectorBench(): Promise<BenchSection> {
  // Baseline 1: a plain per-second counting loop (handshakes and failures per distribution).
  let counts = new Map<string, { n: number; failed: number }>();
  let second = 0;
  const plain = measure((e) => {
    if (e.kind !== 'connection') return;
    const s = Math.floor(e.eventTimestamp / 1000);
    if (s !== second) {
      second = s;
      counts = new Map();
    }
    let c = counts.get(e.distributionId!);
    if (c === undefined) counts.set(e.distributionId!, (c = { n: 0, failed: 0 }));
    c.n++;
    if (e.outcome === 'failed') c.failed++;
  });

  // Baseline 2: the store's ingest (per-second buckets, DDSketch, top tables, ...), on event time.
  let now = T0;
  const store = createStore({ clock: () => now, notifyIntervalMs: 1e9 });
  const storeRun = measure((e) => {
    now = e.kind === 'connection' ? e.eventTimestamp : e.timestampMs;
    store.ingest(e, 'bench');
  });

  // The detector, with a snapshot (changes()) once a second of event time.
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const detector = new ChangeDetector();
  const detectorRun = measure(
    (e) => detector.observe(e),
    () => detector.changes().length,
  );
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const stats = detector.stats();
  const final = detector.changes();

  const snaps = detectorRun.snapshots;
  const busy = snaps.filter((_, i) => detectorRun.sizes[i]! > 0);
  const sorted = [...busy].sort((a, b) => a - b);
  const p = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const perEvent = us(detectorRun.ingest);
  const rows = [
    ['plain per-second counting loop (baseline)', us(plain.ingest)],
    ['store ingest, `createStore()`, detector included (baseline)', us(storeRun.ingest)],
    ['change detector `observe()`', perEvent],
  ].map(([name, cost]) => {
    const c = cost as number;
    return `| ${name} | ${fmt(c)} | ${Math.round(1e6 / c).toLocaleString('en-US')} | ${fmt((c * EVENTS_PER_SECOND) / 1e4, 1)} % |`;
  });
  return {
    title: 'Change detector (issue 11 core)',
    markdown: [
      `${SECONDS} s of event time (after ${WARMUP_SECONDS} s of warm-up) at ${EVENTS_PER_SECOND.toLocaleString('en-US')} connection events/s over ${DISTRIBUTIONS.toLocaleString('en-US')} distributions (10 % with two tenants), 2 % background failures, plus 20 firewall entries/s; from second 240, 5 distributions fail for one issuer's clients and 5 more at 40 %; from second 300, 5 distributions' handshakes slow down tenfold. Every loop consumes the same generated events, one second at a time, timed apart from the generation; one thread, tsx.`,
      '',
      '| path | µs per event | events/s on one core | one core at 5,000 events/s |',
      '|---|---:|---:|---:|',
      ...rows,
      '',
      `\`observe()\` includes closing each second (every series of every distribution with traffic is stepped once a second) and the attribution tables (baseline sampled at 2 handshakes/s per distribution). Per snapshot, \`changes()\` once a second of event time, with up to ${Math.max(...detectorRun.sizes)} changes listed (and more kept, folded): first call after a second closed, median ${fmt(p(0.5), 0)} µs, p99 ${fmt(p(0.99), 0)} µs, max ${fmt(Math.max(...busy), 0)} µs over ${busy.length} snapshots with changes (${fmt(mean(snaps.filter((_, i) => detectorRun.sizes[i] === 0)), 1)} µs with none); a repeated call before the next second closes, ${fmt(mean(detectorRun.repeats), 2)} µs (the same array).`,
      '',
      `State at the end: ${stats.units.toLocaleString('en-US')} units (distributions and tenants), ${stats.codeSeries.toLocaleString('en-US')} failure-code series, ${stats.firewallSeries} firewall series, ${stats.changes} changes (${final.length} listed after folding); detector heap ${fmt(heapMb, 1)} MB after a forced GC; no false change among the ${DISTRIBUTIONS - 15} steady distributions: ${final.every((c) => c.distributionId !== null && Number(c.distributionId.slice(1)) < 15) ? 'yes' : 'NO'}.`,
    ].join('\n'),
  };
}
