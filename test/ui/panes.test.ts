import { describe, expect, it } from 'vitest';
import type { Change, ChangesView } from '../../src/aggregation/types.js';
import { cell } from '../../src/ui/format.js';
import { lineText, textColumns, type Line } from '../../src/ui/lines.js';
import { certificatesLines } from '../../src/ui/panes/certificates.js';
import { changesLines } from '../../src/ui/panes/changes.js';
import { connectionsLines } from '../../src/ui/panes/connections.js';
import { distributionsLines } from '../../src/ui/panes/distributions.js';
import { failureDetailLines, failuresLines } from '../../src/ui/panes/failures.js';
import { firewallLines } from '../../src/ui/panes/firewall.js';
import { headerLines } from '../../src/ui/panes/header.js';
import { latencyLines } from '../../src/ui/panes/latency.js';
import { helpLines, pickerLines, promptLines } from '../../src/ui/panes/overlays.js';
import { idleValidationView, validationLines, type ValidationView } from '../../src/ui/panes/validation.js';
import { distRow, failedConnection, makeSnapshot, NOW } from './fixtures.js';

const text = (lines: Line[]) => lines.map(lineText);
const o = { width: 64, height: 12, focused: true };
const snap = makeSnapshot({
  mark: {
    label: 'step 2',
    atMs: NOW - 60_000,
    before: { attempts: 100, failures: 1, failureRate: 0.01, p99: 40 },
    after: { attempts: 120, failures: 12, failureRate: 0.1, p99: 95 },
  },
});

describe('panes render exact text for the fixture snapshot', () => {
  it('Connections', () => {
    expect(text(connectionsLines(snap, { ...o, height: 7 }))).toEqual([
      '▶ Connections ────────────────────────────────────── window 5m ─',
      'attempts/s 6.7  success 90.0%  total 2,000  failed 200',
      'since mark "step 2" 06:59:00: fail 1.0% → 10.0%  p99 40ms → 95m…',
      'Failure code                                      count vs prev',
      'ClientCertUntrusted  █████████████████████████      150    +140',
      'ClientCertExpired    ████████▍                       50      -5',
      '',
    ]);
    expect(
      text(
        connectionsLines(makeSnapshot({ connections: { ...snap.connections, failureHistogram: [] } }), { ...o, height: 3, focused: false }),
      ),
    ).toEqual([
      '─ Connections ────────────────────────────────────── window 5m ─',
      'attempts/s 6.7  success 90.0%  total 2,000  failed 200',
      'no failures in the window',
    ]);
  });

  it('Latency', () => {
    expect(text(latencyLines(snap, { ...o, height: 6 }))).toEqual([
      '▶ Latency ────────────────────────────────────── TLS handshake ─',
      'now  p50 20ms  p90 45ms  p99 90ms  max 150ms  n=2,000',
      'p50                                         ▅▆▆ ▇▇██    max 17ms',
      'p99                                         ▄▅▅ ▆▇▇█   max 120ms',
      'attempts                                    ▅▆▆▆▇▇██      max 17',
      'failures                                    ▁▂▃▄▅▆▇█       max 7',
    ]);
  });

  it('Distributions, with selection, alert marker and tenants', () => {
    const rows = [...snap.distributions, distRow('E3', { tenantId: 'tenant-a', failures: 0 })];
    expect(text(distributionsLines(rows, { ...o, height: 6, cursor: 1, alerting: new Set(['E2BADCA']) }))).toEqual([
      '▶ Distributions ─────────────────────────── 3 rows · by impact ─',
      '  Distribution   Tenant    Attempts  Fail% Top failure       p99',
      '! E2BADCA        -            1,000  15.0% …Untrusted       90ms',
      '› E1GOOD         -            1,000   5.0% …Expired         90ms',
      '  E3             tenant-a     1,000   0.0% -                90ms',
      '',
    ]);
    const many = Array.from({ length: 20 }, (_, i) => distRow(`E${i}`));
    const scrolled = text(distributionsLines(many, { ...o, height: 5, cursor: 15, alerting: new Set() }));
    expect(scrolled.slice(2).map((l) => l.slice(0, 6))).toEqual(['  E13 ', '  E14 ', '› E15 ']);
    expect(text(distributionsLines([distRow('E1')], { ...o, height: 3, cursor: 0, alerting: new Set() }))[0]).toMatch(
      / 1 row · by impact ─$/,
    );
  });

  it('Firewall', () => {
    expect(text(firewallLines(snap.firewall, { ...o, height: 8 }))).toEqual([
      '▶ Firewall ──────────────────────────────────────── 40 entries ─',
      'TLS errors 12  missing SNI 2  SNI mismatch 7  other 3',
      'revocation checks 8  other entries 20',
      'Top SNI                                          count      fail',
      'api.example.com                                      9         9',
      'Revocation status × action',
      '  GOOD        PASS 2',
      '  REVOKED     DROP 6',
    ]);
    const pruned = { ...snap.firewall, undercount: { bySni: 57, byDestination: 0 } };
    expect(text(firewallLines(pruned, { ...o, height: 8 }))[3]).toBe('Top SNI (counts up to 57 low)                    count      fail');
  });

  it('Recent failures and the detail view with every field', () => {
    expect(text(failuresLines(snap.recentFailures, { ...o, height: 3, cursor: 0 }))).toEqual([
      '▶ Recent failures ───────────────────────────────────── 2 kept ─',
      '› 06:59:55 E2BADCA         ClientCertUntrusted      203.0.113.7…',
      '  06:59:51 E1GOOD          ClientCertExpired        203.0.113.7…',
    ]);
    expect(text(failureDetailLines(snap.recentFailures[0], { ...o, height: 16, scroll: 0 }))).toEqual([
      '▶ Failure record ────────────────────────────────── Esc closes ─',
      'source                      demo/cf.log',
      'time                        2026-11-24 06:59:55Z',
      'kind                        connection',
      'eventTimestamp              1795503595000',
      'connectionStatus            Failed:ClientCertUntrusted',
      'outcome                     failed',
      'failureCode                 ClientCertUntrusted',
      'clientIp                    203.0.113.7',
      'distributionId              E2BADCA',
      'tlsSni                      api.example.com',
      'clientLeafCertSubject       CN=device-42',
      'clientLeafCertIssuer        CN=Rogue CA',
      'clientLeafCertSerialNumber  0a:0b',
      'tlsHandshakeDuration        31',
      '',
    ]);
    expect(text(failureDetailLines(undefined, { ...o, height: 2, scroll: 0 }))[1]).toBe(
      'this record is no longer in the recent-failures buffer',
    );
  });

  it('Certificates', () => {
    expect(text(certificatesLines(snap, { ...o, height: 7 }))).toEqual([
      '▶ Certificates ─────────────────────────────────────────────────',
      'Expiring soon                       serial                    in',
      'CN=old-device                       0c:0d                     3d',
      'Top failing subjects                          failures      seen',
      'CN=device-42                                       150       160',
      'Top failing issuers                           failures      seen',
      'CN=Rogue CA                                        150       150',
    ]);
  });

  it('Certificates: a top table that pruned says how low its counts may be, shortened to fit', () => {
    const pruned = { ...snap, top: { ...snap.top, undercount: { ...snap.top.undercount, subjects: 1234 } } };
    const lines = text(certificatesLines(pruned, { ...o, width: 80, height: 7 }));
    expect(lines[3]).toMatch(/^Top failing subjects \(counts up to 1,234 low\) +failures +seen$/);
    expect(lines[5]).toMatch(/^Top failing issuers +failures +seen$/);
    const narrow = text(certificatesLines(pruned, { ...o, height: 7 }));
    expect(narrow[3]).toMatch(/^Top failing subjects \(counts low\) +failures +seen$/);
  });

  it('Header: sources and states, paused marker, alert, filters and mark', () => {
    const lines = headerLines({
      snap,
      statuses: [
        { id: 'a', label: 'cf.log', state: 'connected', mode: 'file' },
        { id: 'b', label: '/aws/cf', state: 'retrying', mode: 'live', message: 'throttled', sampled: true },
      ],
      nowMs: NOW,
      paused: true,
      alerting: new Set(['E2BADCA']),
      width: 120,
      filter: { distributions: ['E2BADCA'], tenants: [], statuses: ['Failed'], text: 'api' },
    });
    expect(text(lines)).toEqual([
      ' tlstop  07:00:00Z  window 5m  PAUSED  ALERT E2BADCA  events/s 12.5  attempts/s 6.7  fail 10.0%  p99 90ms',
      'changes: waiting for traffic',
      'sources: cf.log connected file · /aws/cf retrying live sampled (throttled)',
      'filter: dist E2BADCA · status Failed · text "api"  mark "step 2" 06:59:00Z',
    ]);
  });
});

describe('validation pane', () => {
  const running: ValidationView = {
    ...idleValidationView('trail arn:aws:cloudtrail:eu-west-1:111122223333:trail/org', NOW),
    phase: 'running',
    progress: {
      digestsDone: 6,
      digestsKnown: 24,
      logFilesDone: 40,
      logFilesKnown: 120,
      bytes: 5 * 1024 * 1024,
      current: 's3://b/AWSLogs/x.json.gz',
      startedAtMs: NOW - 10_000,
    },
    counts: { digestsValid: 6, digestsInvalid: 0, logsValid: 39, logsInvalid: 1 },
    findings: [
      {
        kind: 'invalid',
        verdict: { kind: 'log', uri: 's3://b/AWSLogs/tampered.json.gz', valid: false, reason: "hash value doesn't match" },
      },
    ],
  };
  it('shows progress, counts, rate, ETA and findings as they come', () => {
    expect(text(validationLines(running, { ...o, width: 90, height: 9, cursor: 0 }))).toEqual([
      '▶ Digest validation ──────────────────────────────────────────────────────────── running ─',
      'trail arn:aws:cloudtrail:eu-west-1:111122223333:trail/org',
      '[█████████▌                            ]  25%  digests 6/24  logs 40/120',
      '5.0MB hashed  4.6 files/s  ETA 30s',
      'valid: digests 6  logs 39   INVALID: digests 0  logs 1',
      'now s3://b/AWSLogs/x.json.gz',
      'findings (1)',
      "Log file s3://b/AWSLogs/tampered.json.gz INVALID: hash value doesn't match",
      '',
    ]);
  });
  it('shows the summary at the end, and says when nothing is configured', () => {
    const done: ValidationView = {
      ...running,
      phase: 'done',
      summary: {
        trailArn: 'arn',
        startTime: 's',
        endTime: 'e',
        digests: { valid: 24, invalid: 0 },
        logFiles: { valid: 119, invalid: 1 },
        anyInvalid: true,
        summaryLines: ['24/24 digest files valid', '119/120 log files valid, 1/120 log files INVALID'],
      },
    };
    const lines = text(validationLines(done, { ...o, width: 90, height: 9, cursor: 0 }));
    expect(lines).toContain('119/120 log files valid, 1/120 log files INVALID');
    expect(lines.some((l) => l.startsWith('now '))).toBe(false);
    expect(text(validationLines(idleValidationView(null, NOW), { ...o, height: 2, cursor: 0 }))[1]).toBe(
      'no validation target configured (see `tlstop validate --help`)',
    );
    expect(text(validationLines(idleValidationView('local ./d', NOW), { ...o, height: 3, cursor: 0 }))[2]).toBe(
      'press v to validate the digest chain',
    );
  });
});

describe('overlays', () => {
  it('picker shows the query, ticks and the cursor', () => {
    const lines = pickerLines(
      { kind: 'picker', target: 'distributions', options: ['E1', 'E2', 'E3'], query: 'E', selected: ['E2'], cursor: 1 },
      40,
      6,
    );
    expect(text(lines)).toEqual(['▶ Filter by distribution ── 1 selected ─', 'narrow: E▏', '  [ ] E1', '› [x] E2', '  [ ] E3', '']);
  });
  it('prompt shows the value being typed', () => {
    expect(text(promptLines({ kind: 'prompt', purpose: 'mark', value: 'rollout' }, 40, 2))).toEqual([
      '▶ Set a mark ───────────────────────────',
      '> rollout▏',
    ]);
  });
  it('help fits its height and scrolls', () => {
    const top = text(helpLines(80, 10, 0));
    expect(top).toHaveLength(10);
    expect(top[1]).toBe('Everywhere');
    expect(text(helpLines(80, 10, 1))[1]).toBe('  q Ctrl-C        quit and restore the terminal');
  });
});

describe('hostile log text is escaped and cut in every pane', () => {
  const evil = '\x1b]0;pwned\x07\x1b[2J\u202eevil';
  const hostile = makeSnapshot({
    distributions: [distRow(evil, { tenantId: evil, topFailureCode: evil })],
    recentFailures: [
      {
        seq: 1,
        source: evil,
        event: failedConnection({ distributionId: evil, tlsSni: evil, clientLeafCertSubject: evil, failureCode: evil }),
      },
    ],
    firewall: { ...snap.firewall, bySni: [{ key: evil, count: 1, failures: 1 }], revocation: { [evil]: { [evil]: 1 } } },
    top: { ...snap.top, failingSubjects: [{ key: evil, count: 1, failures: 1 }], failingIssuers: [{ key: evil, count: 1, failures: 1 }] },
    expiringCerts: [{ serial: evil, subject: evil, issuer: evil, notAfterMs: NOW, lastSeenMs: NOW, count: 1 }],
    connections: { ...snap.connections, failureHistogram: [{ status: evil, count: 1, previous: 0 }] },
    mark: { ...snap.mark!, label: evil },
  });
  const evilChange: Change = {
    id: evil,
    kind: 'failure-code',
    distributionId: evil,
    tenantId: evil,
    failureCode: evil,
    sni: evil,
    onset: NOW - 60_000,
    end: null,
    detectedAt: NOW - 50_000,
    before: 0.01,
    after: 0.4,
    unit: 'fraction',
    excessFailures: 3,
    events: 100,
    attributes: [{ field: 'issuer', value: evil, share: 0.9, baselineShare: 0.1 }],
  };
  const evilChanges: ChangesView = {
    changes: [evilChange, { ...evilChange, end: NOW, distributionId: null }],
    sniByDistribution: { [evil]: evil },
    lateEvents: 2,
    lagSeconds: 3,
    analysedUntilMs: NOW,
  };
  it('never lets ESC, BEL, CSI or bidi controls through', () => {
    const all = [
      ...connectionsLines(hostile, o),
      ...distributionsLines(hostile.distributions, { ...o, cursor: 0, alerting: new Set() }),
      ...firewallLines(hostile.firewall, o),
      ...failuresLines(hostile.recentFailures, { ...o, cursor: 0 }),
      ...failureDetailLines(hostile.recentFailures[0], { ...o, height: 30, scroll: 0 }),
      ...certificatesLines(hostile, o),
      ...changesLines(evilChanges, evilChanges.changes, { ...o, height: 10, cursor: 0 }),
      ...headerLines({
        snap: hostile,
        statuses: [{ id: evil, label: evil, state: 'error', message: evil }],
        nowMs: NOW,
        paused: false,
        alerting: new Set([evil]),
        width: 300,
        filter: { distributions: [evil], tenants: [evil], statuses: [evil], text: evil },
        changes: evilChanges,
        names: { [evil]: evil },
      }),
    ].map(lineText);
    const joined = all.join('\n');
    expect(joined).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(joined).toContain('\\x1b]0;pwned\\x07');
    for (const line of all.slice(0, -4)) expect(line.length).toBeLessThanOrEqual(64);
  });
});

describe('wide characters from logs keep table columns aligned', () => {
  const wide = '证书-设备-🔒-東京-مرحبا-e\u0301';
  const snapWide = makeSnapshot({
    distributions: [distRow('E1', { tenantId: wide }), distRow('E2', { tenantId: 'plain' })],
    top: {
      ...snap.top,
      failingSubjects: [
        { key: `CN=${wide}`, count: 160, failures: 150 },
        { key: 'CN=ascii', count: 160, failures: 150 },
      ],
    },
    firewall: {
      ...snap.firewall,
      bySni: [
        { key: `${wide}.example`, count: 9, failures: 3 },
        { key: 'a.example', count: 9, failures: 3 },
      ],
    },
  });

  it('pads and cuts cells by terminal columns, not string length', () => {
    expect(cell('東京', 6)).toBe('東京  ');
    expect(cell('東京', 3, 'right')).toBe('東…');
    expect(cell('東京', 2, 'right')).toBe(' …');
    expect(textColumns(cell('東京都庁', 5))).toBe(5);
    expect(cell('e\u0301', 3)).toBe('e\u0301  ');
    expect(cell('abcdef', 4)).toBe('abc…');
  });

  it('puts every later column where it is on an all-ASCII row', () => {
    const dist = text(distributionsLines(snapWide.distributions, { ...o, cursor: -1, alerting: new Set() }));
    const certs = text(certificatesLines(snapWide, { ...o, height: 12 }));
    const fw = text(firewallLines(snapWide.firewall, { ...o, height: 12 }));
    for (const line of [...dist, ...certs, ...fw]) expect(textColumns(line)).toBeLessThanOrEqual(64);
    // The terminal column a later cell starts at, on the row holding `row`.
    const columnOf = (lines: string[], row: string, later: string): number => {
      const line = lines.find((l) => l.includes(row))!;
      return textColumns(line.slice(0, line.indexOf(later, line.indexOf(row) + row.length)));
    };
    expect(columnOf(dist, '证书', '1,000')).toBe(columnOf(dist, 'plain', '1,000'));
    expect(columnOf(dist, '证书', '90ms')).toBe(columnOf(dist, 'plain', '90ms'));
    expect(columnOf(certs, 'CN=证', '150')).toBe(columnOf(certs, 'CN=ascii', '150'));
    expect(columnOf(fw, '证书', ' 9 ')).toBe(columnOf(fw, 'a.example', ' 9 '));
  });
});
