/**
 * Hand-built snapshots and in-memory fakes of the App's ports (store, status list,
 * validation runner), plus a sized fake terminal for rendering at 80x24 / 200x50.
 */
import { EventEmitter } from 'node:events';
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import type {
  DistributionRow,
  Filter,
  RecentEvent,
  SectionName,
  Snapshot,
  ViewQuery,
  ViewSections,
  ViewSource,
} from '../../src/aggregation/types.js';
import { NO_CHANGES, sectionsOf } from '../../src/aggregation/view-snapshot.js';
import { EMPTY_FILTER } from '../../src/aggregation/types.js';
import type { ConnectionEvent } from '../../src/events/types.js';
import type { SourceStatus } from '../../src/sources/types.js';
import type { AppProps, StatusList } from '../../src/ui/app-props.js';
import { DEFAULT_THEME, MONOCHROME_THEME } from '../../src/ui/theme.js';
import { waitFor } from '../helpers/wait-for.js';

/** Fixed "now" of every fixture: 2026-11-24T07:00:00Z. */
export const NOW = Date.UTC(2026, 10, 24, 7, 0, 0);

/** A distribution row with sensible defaults. */
export function distRow(id: string, over: Partial<DistributionRow> = {}): DistributionRow {
  const attempts = over.attempts ?? 1000;
  const failures = over.failures ?? 10;
  return {
    distributionId: id,
    tenantId: null,
    attempts,
    failures,
    failureRate: attempts > 0 ? failures / attempts : 0,
    topFailureCode: failures > 0 ? 'ClientCertExpired' : null,
    byStatus: {},
    handshakeMs: { p50: 20, p90: 45, p99: 90, max: 150, count: attempts },
    firstFailureMs: NOW - 60_000,
    lastFailureMs: NOW - 1000,
    lastMinute: { attempts: 100, failures: 1, failureRate: 0.01, p99: 90 },
    impact: 0,
    sni: null,
    trend: [],
    ...over,
  };
}

/** A failed connection event. */
export function failedConnection(over: Partial<ConnectionEvent> = {}): ConnectionEvent {
  return {
    kind: 'connection',
    eventTimestamp: NOW - 5000,
    connectionStatus: 'Failed:ClientCertUntrusted',
    outcome: 'failed',
    failureCode: 'ClientCertUntrusted',
    clientIp: '203.0.113.7',
    distributionId: 'E2BADCA',
    tlsSni: 'api.example.com',
    clientLeafCertSubject: 'CN=device-42',
    clientLeafCertIssuer: 'CN=Rogue CA',
    clientLeafCertSerialNumber: '0a:0b',
    tlsHandshakeDuration: 31,
    ...over,
  };
}

/** A full snapshot; override any part. */
export function makeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const recent: RecentEvent[] = [
    { seq: 3, source: 'demo/cf.log', event: failedConnection() },
    {
      seq: 2,
      source: 'demo/cf.log',
      event: failedConnection({
        eventTimestamp: NOW - 9000,
        failureCode: 'ClientCertExpired',
        connectionStatus: 'Failed:ClientCertExpired',
        distributionId: 'E1GOOD',
      }),
    },
  ];
  return {
    version: 1,
    nowMs: NOW,
    window: { durationMs: 300_000, startMs: NOW - 300_000, endMs: NOW, bucketMs: 10_000 },
    filter: EMPTY_FILTER,
    connections: {
      total: 2000,
      success: 1800,
      failed: 200,
      byStatus: { Success: 1800, 'Failed:ClientCertUntrusted': 150, 'Failed:ClientCertExpired': 50 },
      failureHistogram: [
        { status: 'Failed:ClientCertUntrusted', count: 150, previous: 10 },
        { status: 'Failed:ClientCertExpired', count: 50, previous: 55 },
      ],
      previousEmpty: false,
      attemptsPerSec: 6.7,
      successRate: 0.9,
      handshakeMs: { p50: 20, p90: 45, p99: 90, max: 150, count: 2000 },
    },
    eventsPerSec: 12.5,
    series: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({
      startMs: NOW - 300_000 + i * 10_000,
      attempts: 10 + i,
      failures: i,
      p50: i === 3 ? null : 10 + i,
      p99: i === 3 ? null : 50 + 10 * i,
    })),
    distributions: [distRow('E2BADCA', { failures: 150, topFailureCode: 'ClientCertUntrusted' }), distRow('E1GOOD', { failures: 50 })],
    firewall: {
      total: 40,
      tlsErrors: 12,
      revocationChecks: 8,
      other: 20,
      byErrorClass: { missing_sni: 2, sni_mismatch: 7, other: 3 },
      bySni: [{ key: 'api.example.com', count: 9, failures: 9 }],
      byDestination: [],
      undercount: { bySni: 0, byDestination: 0 },
      revocation: { REVOKED: { DROP: 6 }, GOOD: { PASS: 2 } },
    },
    top: {
      clientIps: [],
      subjects: [],
      issuers: [],
      serials: [],
      snis: [],
      failingSubjects: [{ key: 'CN=device-42', count: 160, failures: 150 }],
      failingIssuers: [{ key: 'CN=Rogue CA', count: 150, failures: 150 }],
      undercount: { clientIps: 0, subjects: 0, issuers: 0, serials: 0, snis: 0 },
    },
    expiringCerts: [
      { serial: '0c:0d', subject: 'CN=old-device', issuer: 'CN=Corp CA', notAfterMs: NOW + 3 * 86_400_000, lastSeenMs: NOW, count: 4 },
    ],
    recentFailures: recent,
    malformed: { total: 0, byReason: {} },
    sampled: false,
    mark: null,
    changes: NO_CHANGES,
    ...over,
  };
}

/**
 * An in-memory ViewSource: publish snapshots by hand. Every query is answered from the
 * current snapshot, whose overview shows the query's filter and window; the filters,
 * windows and marks of the queries it is asked (after the first) are recorded.
 */
export class FakeStore implements ViewSource {
  snapshot: Snapshot;
  filters: Filter[] = [];
  windows: number[] = [];
  marks: Array<string | null> = [];
  private readonly listeners = new Set<() => void>();
  private last: ViewQuery | null = null;
  private answered: { snapshot: Snapshot; query: ViewQuery; sections: ViewSections } | null = null;

  constructor(snapshot: Snapshot = makeSnapshot()) {
    this.snapshot = snapshot;
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  version = (): number => this.snapshot.version;
  section = <K extends SectionName>(name: K, query: ViewQuery): ViewSections[K] => this.answer(query)[name];
  distributionIds = (): string[] => this.snapshot.distributions.map((r) => r.distributionId);
  /** Replace the snapshot and notify. */
  publish(next: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...next, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l();
  }
  private answer(query: ViewQuery): ViewSections {
    this.record(query);
    const a = this.answered;
    if (a !== null && a.snapshot === this.snapshot && a.query === query) return a.sections;
    const shown = { ...this.snapshot, filter: query.filter, window: { ...this.snapshot.window, durationMs: query.windowMs } };
    this.answered = { snapshot: this.snapshot, query, sections: sectionsOf(shown) };
    return this.answered.sections;
  }
  private record(query: ViewQuery): void {
    const last = this.last;
    this.last = query;
    if (last === null || last === query) return;
    if (query.filter !== last.filter) this.filters.push(query.filter);
    if (query.windowMs !== last.windowMs) this.windows.push(query.windowMs);
    if (query.mark !== last.mark) this.marks.push(query.mark?.label ?? null);
  }
}

/** A fixed status list. */
export function fakeStatuses(
  list: SourceStatus[] = [{ id: 'f1', label: '/var/log/cf.log', state: 'connected', mode: 'file' }],
): StatusList {
  return { subscribe: () => () => {}, getSnapshot: () => list };
}

/** Props with fakes; records quits, bells and exports. */
export function makeProps(store = new FakeStore(), over: Partial<AppProps> = {}) {
  const calls = { quit: 0, bell: 0, exports: [] as Snapshot[] };
  const props: AppProps = {
    store,
    statuses: fakeStatuses(),
    exportSnapshot: async (s) => {
      calls.exports.push(s);
      return { jsonPath: '/tmp/tlstop-1.json', textPath: '/tmp/tlstop-1.txt' };
    },
    theme: MONOCHROME_THEME,
    themes: [MONOCHROME_THEME, DEFAULT_THEME],
    alerts: {},
    windows: [60_000, 300_000, 900_000, 3_600_000],
    initialWindowMs: 300_000,
    onQuit: () => {
      calls.quit++;
    },
    bell: () => {
      calls.bell++;
    },
    now: () => NOW,
    ...over,
  };
  return { props, calls, store };
}

class SizedStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = false;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  /** Change the size and emit `resize` like a terminal. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A rendered tree on a fake terminal of the given size (Ink debug mode: every frame whole). */
export interface SizedRender {
  lastFrame(): string;
  stdin: FakeStdin;
  stdout: SizedStdout;
  instance: Instance;
  /** Wait until the last frame satisfies `test` (polls; fails after `timeoutMs`). */
  waitFor(test: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Send keys one by one, letting Ink process each. */
  press(...keys: string[]): Promise<void>;
}

/** Render `tree` on a `columns` x `rows` fake terminal. */
export function renderSized(tree: ReactElement, columns = 80, rows = 24): SizedRender {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const stderr = new SizedStdout(columns, rows);
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const lastFrame = () => stdout.frames[stdout.frames.length - 1] ?? '';
  const waitForFrame = (test: (frame: string) => boolean, timeoutMs = 3000) =>
    waitFor(
      () => {
        const frame = lastFrame();
        return test(frame) && frame;
      },
      'the last frame to satisfy the condition',
      { timeoutMs, intervalMs: 5, observe: lastFrame },
    );
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      stdin.write(k);
      // Ink parses input on 'readable'; Ink 8 takes a lone ESC as the Escape key 20 ms on
      // (a key typed sooner would make it Alt+key, as on a terminal).
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, k === KEYS.escape ? 30 : 2));
    }
  };
  return { lastFrame, stdin, stdout, instance, waitFor: waitForFrame, press };
}

/** Key sequences. */
export const KEYS = {
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  ctrlC: '\x03',
  space: ' ',
} as const;
