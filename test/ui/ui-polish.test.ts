/**
 * What the live demo showed wrong: expiring certificates ordered expired-first, the
 * Distributions table cutting the failure code and p99 at 120 columns, and source
 * paths cut in their common prefix. Exact text at the pane widths of 80, 120 and 200
 * columns (80 is focus mode, full width; the grid gives the right column 60 and 100).
 */
import { describe, expect, it } from 'vitest';
import type { DistributionRow, ExpiringCert } from '../../src/aggregation/types.js';
import type { SourceStatus } from '../../src/sources/types.js';
import { elidePath, fitFailureCode } from '../../src/ui/format.js';
import { lineText, type Line } from '../../src/ui/lines.js';
import { certificatesLines, expiryOrder } from '../../src/ui/panes/certificates.js';
import { connectionsLines } from '../../src/ui/panes/connections.js';
import { distributionsLines } from '../../src/ui/panes/distributions.js';
import { headerLines } from '../../src/ui/panes/header.js';
import { sourcesLine } from '../../src/ui/panes/sources-line.js';
import { distRow, makeSnapshot, NOW } from './fixtures.js';

const text = (lines: Line[]) => lines.map(lineText);
const DAY = 86_400_000;

describe('Certificates: upcoming expiries first, expired after them', () => {
  const cert = (serial: string, subject: string, days: number): ExpiringCert => ({
    serial,
    subject,
    issuer: 'CN=Corp CA',
    notAfterMs: NOW + days * DAY,
    lastSeenMs: NOW,
    count: 1,
  });
  // As the store hands them over: soonest notAfter first, so expired ones lead.
  const certs = [
    cert('01', 'CN=long-gone', -40),
    cert('02', 'CN=just-expired', -0.5),
    cert('03', 'CN=in-five-hours', 5 / 24),
    cert('04', 'CN=in-two-days', 2.5),
    cert('05', 'CN=in-twenty-days', 20),
  ];
  const snap = makeSnapshot({ expiringCerts: certs });

  it('orders upcoming soonest first, then expired most recent first', () => {
    const { upcoming, expired } = expiryOrder(certs, NOW);
    expect(upcoming.map((c) => c.serial)).toEqual(['03', '04', '05']);
    expect(expired.map((c) => c.serial)).toEqual(['02', '01']);
  });

  it('shows the upcoming ones in the visible rows and says expired ones come last (120 columns: 59 wide)', () => {
    expect(text(certificatesLines(snap, { width: 59, height: 10, focused: false }))).toEqual([
      '─ Certificates ────────────────────────────────────────────',
      'Expiring soon (2 expired last) serial                    in',
      'CN=in-five-hours               03                        5h',
      'CN=in-two-days                 04                        2d',
      'Top failing subjects                     failures      seen',
      'CN=device-42                                  150       160',
      'Top failing issuers                      failures      seen',
      'CN=Rogue CA                                   150       150',
      '',
      '',
    ]);
  });

  it('lists expired certificates after every upcoming one when there is room', () => {
    const lines = text(certificatesLines(snap, { width: 59, height: 19, focused: false }));
    expect(lines.slice(1, 7)).toEqual([
      'Expiring soon (2 expired last) serial                    in',
      'CN=in-five-hours               03                        5h',
      'CN=in-two-days                 04                        2d',
      'CN=in-twenty-days              05                       20d',
      'CN=just-expired                02                   expired',
      'CN=long-gone                   01                   expired',
    ]);
  });

  it('keeps the plain heading when nothing has expired', () => {
    const upcomingOnly = makeSnapshot({ expiringCerts: certs.slice(2) });
    expect(text(certificatesLines(upcomingOnly, { width: 59, height: 4, focused: false }))[1]).toBe(
      'Expiring soon                  serial                    in',
    );
  });
});

describe('Distributions: failure code and p99 get their width first', () => {
  const rows: DistributionRow[] = [
    distRow('E2DX1SLDPK0123', {
      topFailureCode: 'ClientCertRejected',
      handshakeMs: { p50: 40, p90: 80, p99: 1034, max: 2000, count: 1000 },
    }),
    distRow('E3KQ9ZV7M2RPLA', { tenantId: 'dt_5Qm8Kp1ZrXyz', topFailureCode: 'ClientCertNotYetValid' }),
    distRow('E3KQ9ZV7M2RPLA', { tenantId: 'dt_2te1Ura9Xabc', topFailureCode: 'ConnectionFunctionDenied' }),
    distRow('E27XN4W0HT5B8C', { failures: 0 }),
  ];
  const render = (width: number, list = rows) =>
    text(distributionsLines(list, { width, height: 2 + list.length, focused: false, cursor: -1, alerting: new Set() }));

  it('at 80 columns (focus mode) shows the whole failure code and Now%, the tenant narrowed', () => {
    expect(render(80)).toEqual([
      '─ Distributions ─────────────────────────────────────────── 4 rows · by impact ─',
      '  Distribution   Tenant   Attempts  Fail%   Now% Top failure                 p99',
      '  E2DX1SLDPK0123 -           1,000   1.0%   1.0% ClientCertRejected         1.0s',
      '  E3KQ9ZV7M2RPLA dt_5Qm8…    1,000   1.0%   1.0% ClientCertNotYetValid      90ms',
      '  E3KQ9ZV7M2RPLA dt_2te1…    1,000   1.0%   1.0% ConnectionFunctionDenied   90ms',
      '  E27XN4W0HT5B8C -           1,000   0.0%   1.0% -                          90ms',
    ]);
  });

  it('at 120 columns (60 wide) shortens the code family and narrows the tenant, never p99', () => {
    expect(render(60)).toEqual([
      '─ Distributions ─────────────────────── 4 rows · by impact ─',
      '  Distribution   Tenant  Attempts  Fail% Top failure     p99',
      '  E2DX1SLDPK0123 -          1,000   1.0% …Rejected      1.0s',
      '  E3KQ9ZV7M2RPLA dt_5Qm…    1,000   1.0% …NotYetValid   90ms',
      '  E3KQ9ZV7M2RPLA dt_2te…    1,000   1.0% ConnFnDenied   90ms',
      '  E27XN4W0HT5B8C -          1,000   0.0% -              90ms',
    ]);
  });

  it('at 120 columns without tenants Now% fits beside the short codes', () => {
    const plain = rows.filter((r) => r.tenantId === null);
    expect(render(60, plain)).toEqual([
      '─ Distributions ─────────────────────── 2 rows · by impact ─',
      '  Distribution    Attempts  Fail%   Now% Top failure     p99',
      '  E2DX1SLDPK0123     1,000   1.0%   1.0% …Rejected      1.0s',
      '  E27XN4W0HT5B8C     1,000   0.0%   1.0% -              90ms',
    ]);
  });

  it('at 200 columns (100 wide) shows the whole tenant and the failure count, and gives the rest to the failure code', () => {
    expect(render(100).slice(1, 4)).toEqual([
      '  Distribution   Tenant           Attempts  Failures  Fail%   Now% Top failure                   p99',
      '  E2DX1SLDPK0123 -                   1,000        10   1.0%   1.0% ClientCertRejected           1.0s',
      '  E3KQ9ZV7M2RPLA dt_5Qm8Kp1ZrXyz     1,000        10   1.0%   1.0% ClientCertNotYetValid        90ms',
    ]);
  });

  it('at 100 columns (50 wide) drops the tenant before cutting p99', () => {
    expect(render(50)).toEqual([
      '─ Distributions ───────────── 4 rows · by impact ─',
      '  Distribution    Attempts  Fail% Failure      p99',
      '  E2DX1SLDPK0123     1,000   1.0% …Rejected   1.0s',
      '  E3KQ9ZV7M2RPLA     1,000   1.0% …NotYetV…   90ms',
      '  E3KQ9ZV7M2RPLA     1,000   1.0% ConnFnDe…   90ms',
      '  E27XN4W0HT5B8C     1,000   0.0% -           90ms',
    ]);
  });

  it('the Connections histogram shortens long codes the same way (120 columns: 59 wide)', () => {
    const snap = makeSnapshot({
      connections: {
        ...makeSnapshot().connections,
        failureHistogram: [
          { status: 'Failed:ClientCertNotYetValid', count: 6, previous: 0 },
          { status: 'Failed:ConnectionFunctionDenied', count: 3, previous: 0 },
          { status: 'Failed:TcpTimeout', count: 2, previous: 2 },
        ],
      },
    });
    expect(text(connectionsLines(snap, { width: 59, height: 6, focused: false })).slice(3)).toEqual([
      '…NotYetValid       ██████████████████████        6      +6',
      'ConnFnDenied       ███████████                   3      +3',
      'TcpTimeout         ███████▍                      2      ±0',
    ]);
  });

  it('shortens failure codes by family, then cuts', () => {
    expect(fitFailureCode('ClientCertUntrusted', 19)).toBe('ClientCertUntrusted');
    expect(fitFailureCode('ClientCertUntrusted', 12)).toBe('…Untrusted');
    expect(fitFailureCode('ClientCertUntrusted', 6)).toBe('…Untr…');
    expect(fitFailureCode('ConnectionFunctionError', 14)).toBe('ConnFnError');
    expect(fitFailureCode('UnmappedConnectionError', 10)).toBe('UnmappedC…');
  });
});

describe('Header sources line: distinguishing names, summary when many', () => {
  const dir = '/tmp/tlstop-demo-EAXZ7b/logs';
  const file = (name: string, state: SourceStatus['state'] = 'connected', message?: string): SourceStatus => ({
    id: `file:${dir}/${name}`,
    label: `${dir}/${name}`,
    state,
    mode: 'file',
    ...(message ? { message } : {}),
  });
  const demo = [file('cloudfront-connections-w3c.log'), file('cloudfront-connections.jsonl'), file('network-firewall-tls.jsonl')];
  const line = (statuses: SourceStatus[], width: number) => lineText(sourcesLine(statuses, false, width));

  it('elides the middle of a long path, keeping the file name', () => {
    expect(elidePath(`${dir}/cloudfront-connections-w3c.log`, 40)).toBe('…/logs/cloudfront-connections-w3c.log');
    expect(elidePath(`${dir}/cloudfront-connections-w3c.log`, 20)).toBe('cloudfront…s-w3c.log');
    expect(elidePath('short/name.log', 40)).toBe('short/name.log');
    expect(elidePath('/var/log/edge-b/cf.log', 15)).toBe('…/edge-b/cf.log');
    expect(elidePath('/aws/cloudfront/a-very-long-log-group-name-without-end', 24)).toBe('a-very-long-…without-end');
  });

  it('at 200 columns names every file by its distinguishing part', () => {
    expect(line(demo, 200)).toBe(
      'sources: …/logs/cloudfront-connections-w3c.log connected file · …/logs/cloudfront-connections.jsonl connected file · …/logs/network-firewall-tls.jsonl connected file',
    );
  });

  it('at 120 and 80 columns summarises', () => {
    expect(line(demo, 120)).toBe('sources: 3 files connected');
    expect(line(demo, 80)).toBe('sources: 3 files connected');
  });

  it('names each source in error or retrying, with its message, before the counts', () => {
    const statuses: SourceStatus[] = [
      ...demo,
      file('cloudfront-old.log', 'done'),
      file('missing.log', 'error', 'no such file; check the --file path'),
      { id: 'cw', label: '/aws/cloudfront/connection-logs', state: 'retrying', mode: 'live', message: 'throttled, retrying in 2s' },
    ];
    expect(line(statuses, 200)).toBe(
      'sources: …/logs/missing.log error file (no such file; check the --file path) · …/cloudfront/connection-logs retrying live (throttled, retrying in 2s) · 3 files connected · 1 file done',
    );
    // Shortened by structure, not at a fixed length: both troubled sources keep what went
    // wrong whole (the advice after ';' goes first), and only the counts are cut.
    expect(line(statuses, 120)).toBe(
      'sources: …/logs/missing.log error file (no such file) · …/connection-logs retrying live (throttled, retrying in 2s) · 3…',
    );
  });

  it('keeps a single source whole up to the label limit and the SAMPLED marker', () => {
    expect(lineText(sourcesLine([{ id: 'cw', label: '/aws/cf', state: 'connected', mode: 'live', sampled: true }], true, 80))).toBe(
      'sources: /aws/cf connected live sampled  SAMPLED',
    );
    expect(line([], 80)).toBe('sources: none yet');
  });

  it('shows where diagnostics went after the sources, without counting it as a source', () => {
    const note: SourceStatus = {
      id: 'diagnostics',
      label: 'diagnostics',
      state: 'connected',
      note: true,
      message: '2 diagnostic messages in /tmp/tlstop-42.log',
    };
    expect(line([...demo, note], 120)).toBe('sources: 3 files connected · 2 diagnostic messages in /tmp/tlstop-42.log');
    expect(line([note], 80)).toBe('sources: none yet · 2 diagnostic messages in /tmp/tlstop-42.log');
  });

  it('is the third header row, under the change line', () => {
    const lines = headerLines({
      snap: makeSnapshot(),
      statuses: demo,
      nowMs: NOW,
      paused: false,
      alerting: new Set(),
      width: 120,
      filter: makeSnapshot().filter,
    });
    expect(lineText(lines[2] ?? [])).toBe('sources: 3 files connected');
  });
});
