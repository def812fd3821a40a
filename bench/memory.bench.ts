/**
 * Memory of the aggregation store under a long stream: 10 million connection events
 * (1,000 events/s of event time, so about 2.8 hours: every ring wraps and evicts),
 * with 200 distributions, an ever-growing set of client IPs and a distinct serial per
 * event. Heap (after a forced GC) and RSS are sampled every million events; the heap
 * must plateau. The baseline, measured in the same run, is the naive approach: a Map
 * of counts per client IP and serial plus every handshake duration kept for sorting.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStore } from '../src/aggregation/index.js';
import type { ConnectionEvent } from '../src/events/types.js';
import type { BenchSection } from './types.js';

const TOTAL = 10_000_000;
const STEP = 1_000_000;
/** The naive baseline grows without bound; stop it here so the machine survives. */
const BASELINE_TOTAL = 3_000_000;
const T0 = Date.UTC(2026, 0, 1);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const distributions = Array.from({ length: 200 }, (_, i) => `E${String(i).padStart(12, '0')}`);
const statuses = [
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Failed:ClientCertUntrusted',
  'Failed:ClientCertExpired',
  'Failed:TcpTimeout',
];

function event(i: number): ConnectionEvent {
  const status = statuses[i % statuses.length]!;
  const failed = status !== 'Success';
  return {
    kind: 'connection',
    eventTimestamp: T0 + i,
    connectionStatus: status,
    outcome: failed ? 'failed' : 'success',
    failureCode: failed ? status.slice(7) : null,
    distributionId: distributions[i % distributions.length]!,
    clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    tlsSni: 'api.example.com',
    clientLeafCertSubject: `CN=device-${i % 20_000}`,
    clientLeafCertIssuer: 'CN=Fleet CA',
    clientLeafCertSerialNumber: `${i.toString(16)}`,
    tlsHandshakeDuration: 2 + (i % 997) * 0.3,
  };
}

interface Sample {
  events: number;
  heapMb: number;
  rssMb: number;
  seconds: number;
}

function sample(events: number, started: number): Sample {
  gc();
  const m = process.memoryUsage();
  return { events, heapMb: m.heapUsed / 2 ** 20, rssMb: m.rss / 2 ** 20, seconds: (performance.now() - started) / 1000 };
}

function runStore(): Sample[] {
  let now = T0;
  const store = createStore({ clock: () => now, notifyIntervalMs: 1e9 });
  const samples: Sample[] = [];
  const started = performance.now();
  for (let i = 0; i < TOTAL; i++) {
    now = T0 + i;
    store.ingest(event(i), 'bench');
    if ((i + 1) % 100_000 === 0) store.select();
    if ((i + 1) % STEP === 0) samples.push(sample(i + 1, started));
  }
  return samples;
}

function runBaseline(): Sample[] {
  const byIp = new Map<string, number>();
  const bySerial = new Map<string, number>();
  const durations: number[] = [];
  const samples: Sample[] = [];
  const started = performance.now();
  for (let i = 0; i < BASELINE_TOTAL; i++) {
    const e = event(i);
    byIp.set(e.clientIp!, (byIp.get(e.clientIp!) ?? 0) + 1);
    bySerial.set(e.clientLeafCertSerialNumber!, (bySerial.get(e.clientLeafCertSerialNumber!) ?? 0) + 1);
    durations.push(e.tlsHandshakeDuration!);
    if ((i + 1) % STEP === 0) samples.push(sample(i + 1, started));
  }
  // Keep the structures alive until after the last sample.
  if (byIp.size + bySerial.size + durations.length < 0) console.log('unreachable');
  return samples;
}

const bench = async (): Promise<BenchSection> => {
  const before = sample(0, performance.now());
  const store = runStore();
  const afterStore = sample(TOTAL, performance.now());
  const baseline = runBaseline();
  const rows = store.map((s, i) => {
    const b = baseline[i];
    return `| ${(s.events / 1e6).toFixed(0)}M | ${s.heapMb.toFixed(1)} | ${s.rssMb.toFixed(0)} | ${(s.events / s.seconds / 1000).toFixed(0)}k | ${b ? b.heapMb.toFixed(1) : '-'} | ${b ? b.rssMb.toFixed(0) : '-'} |`;
  });
  const firstHalf = store.slice(0, 5).map((s) => s.heapMb);
  const secondHalf = store.slice(5).map((s) => s.heapMb);
  const plateau = Math.max(...secondHalf) <= Math.max(...firstHalf) * 1.1;
  const growthPerM = baseline.length >= 2 ? (baseline[baseline.length - 1]!.heapMb - baseline[0]!.heapMb) / (baseline.length - 1) : 0;
  const markdown = [
    `10 million connection events through \`createStore()\` (default options: 15 min of 1 s buckets, 2 h of 1 min history, top-N capacity 256 per 10 s slice), event time advancing 1 ms per event (about 2.8 h in all, so every ring wraps). 200 distributions, a new client IP every event (cycling after 16.7M), a distinct serial per event, a snapshot every 100,000 events. Heap is measured after a forced GC; the process started at ${before.heapMb.toFixed(1)} MB heap.`,
    '',
    `Baseline in the same run: a naive aggregator (a Map of counts per client IP and per serial, and every handshake duration kept in an array for sorting), stopped at ${BASELINE_TOTAL / 1e6}M events because it grows without bound.`,
    '',
    '| events | store heap MB | store RSS MB | store events/s (cumulative, incl. event creation) | baseline heap MB | baseline RSS MB |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Store heap after 10M: ${afterStore.heapMb.toFixed(1)} MB. Plateau (max heap over 6M..10M within 10% of the max over 1M..5M): **${plateau ? 'yes' : 'NO'}**. The baseline grows by about ${growthPerM.toFixed(0)} MB per million events.`,
  ].join('\n');
  return { title: 'Aggregation store memory (10M events)', markdown };
};

export default bench;
