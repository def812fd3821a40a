import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import {
  DISTRIBUTION_SORTS,
  EMPTY_FILTER,
  type DistributionRow,
  type DistributionSort,
  type ViewQuery,
} from '../../src/aggregation/types.js';
import { createLineParser } from '../../src/parsers/index.js';
import { BAD_CA_DISTRIBUTION, DemoGenerator } from '../../src/sources/demo/index.js';
import { lineText, textColumns, type Line } from '../../src/ui/lines.js';
import { connectionsLines } from '../../src/ui/panes/connections.js';
import { distributionsLines } from '../../src/ui/panes/distributions.js';
import { pickerLines } from '../../src/ui/panes/overlays.js';
import type { Overlay } from '../../src/ui/ui-state.js';
import { distRow, makeSnapshot } from './fixtures.js';

const text = (lines: Line[]) => lines.map(lineText);
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Rows as the store makes them: SNIs, tenants, trends, a failure code as long as the demo's. */
const rows: DistributionRow[] = [
  distRow('E2DX1SLDPK0123', {
    attempts: 5842,
    failures: 2242,
    topFailureCode: 'ClientCertUntrusted',
    sni: 'api.payments.example.com',
    impact: 12.5,
    lastMinute: { attempts: 1200, failures: 540, failureRate: 0.45, p99: 100 },
    trend: [0.01, 0.01, 0.02, 0.01, 0.3, 0.42, 0.44, 0.45, 0.44, 0.46, 0.45, 0.45],
    handshakeMs: { p50: 40, p90: 80, p99: 100, max: 300, count: 5842 },
  }),
  distRow('E3KQ9ZV7M2RPLA', {
    tenantId: 'dt_5Qm8Kp1Zr7Vx3Lc9Bn2Hw4J',
    topFailureCode: 'ClientCertRejected',
    trend: Array(12).fill(0.01),
  }),
  distRow('E1A2B3C4D5E6F7', {
    sni: 'devices.iot.example.net',
    topFailureCode: 'TcpTimeout',
    lastMinute: { attempts: 0, failures: 0, failureRate: 0, p99: null },
    trend: [null, null, null, null, null, null, 0, 0, 0.01, 0, 0, 0],
    handshakeMs: { p50: 90, p90: 200, p99: 416, max: 900, count: 1000 },
  }),
  distRow('E27XN4W0HT5B8C', { failures: 0, sni: 'admin.corp.example.org', trend: Array(12).fill(0) }),
];

const render = (width: number, sort?: DistributionSort, list = rows) =>
  distributionsLines(list, { width, height: 2 + list.length, focused: true, cursor: 0, alerting: new Set(), sort });

describe('Distributions pane at 80 and 200 columns', () => {
  it('fits 80 columns with the whole failure code, Now% beside Fail%, and every row the same width', () => {
    const lines = text(render(80));
    for (const l of lines) expect(textColumns(l)).toBeLessThanOrEqual(80);
    const [title, header, ...body] = lines;
    expect(title).toMatch(/ 4 rows · by impact ─$/);
    expect(header).toMatch(/Attempts {2}Fail% {3}Now% Top failure +p99$/);
    expect(body[0]).toContain('ClientCertUntrusted ');
    expect(body[0]).toMatch(/38\.4% {2}45\.0% ClientCertUntrusted/);
    // Now% says '-' when nothing arrived in the last minute (0.0% would read as healthy).
    expect(body[2]).toMatch(/1\.0% {6}- TcpTimeout/);
    // The tenant narrows, the SNI and the trend wait for more room.
    expect(header).toContain('Tenant');
    expect(header).not.toContain('SNI');
    expect(header).not.toContain('Trend');
    expect(new Set(body.map(textColumns)).size).toBe(1);
  });

  it('at 200 columns shows the SNI beside the ID (muted), the whole tenant, the trend and the failure count', () => {
    const lines = render(200);
    const plain = text(lines);
    for (const l of plain) expect(textColumns(l)).toBeLessThanOrEqual(200);
    expect(plain[1]).toMatch(/^ {2}Distribution +SNI +Tenant +Attempts +Failures +Fail% +Now% Trend +Top failure +p99$/);
    expect(plain[2]).toMatch(/^› E2DX1SLDPK0123 api\.payments\.example\.com +- +5,842 +2,242 +38\.4% +45\.0% +/);
    expect(plain[3]).toContain('dt_5Qm8Kp1Zr7Vx3Lc9Bn2Hw4J');
    const sni = lines[2]!.find((s) => s.text.startsWith('api.payments'))!;
    expect(sni.tone).toBe('text.muted');
    // The trend: the bad CA row climbs; background failures of 1 % stay near the floor; gaps where nothing arrived.
    const trendOf = (row: number) => lines[row]!.find((s) => /^ [ ▁▂▃▄▅▆▇█]{12}$/.test(s.text))!.text.slice(1);
    expect(trendOf(2)).toBe('▁▁▁▁▆▇██████');
    expect(trendOf(3)).toBe('▂'.repeat(12));
    expect(trendOf(4)).toBe('      ▁▁▂▁▁▁');
    expect(new Set(plain.slice(2).map(textColumns)).size).toBe(1);
  });

  it('at 100 columns (the grid at 200) the SNI and the trend fit too', () => {
    const plain = text(render(100));
    for (const l of plain) expect(textColumns(l)).toBeLessThanOrEqual(100);
    expect(plain[1]).toMatch(/^ {2}Distribution +SNI +Tenant +Attempts +Fail% +Now% Trend +Top failure +p99$/);
    expect(plain[2]).toContain('ClientCertUntrusted');
  });

  it('marks the sorted column in the header, and names the order in the title', () => {
    const header = (width: number, sort: DistributionSort) => text(render(width, sort))[1]!;
    const title = (sort: DistributionSort) => text(render(80, sort))[0]!;
    expect(header(80, 'failRate')).toContain('Fail%▼');
    expect(header(80, 'attempts')).toContain('Attempts▼');
    expect(header(80, 'p99')).toMatch(/p99▼$/);
    expect(header(80, 'name')).toMatch(/^ {2}Distribution▲/);
    expect(header(200, 'failures')).toContain('Failures▼');
    expect(header(80, 'impact')).not.toMatch(/[▼▲]/);
    expect(DISTRIBUTION_SORTS.map(title).map((t) => t.match(/by ([a-z %0-9]+) ─$/)?.[1])).toEqual([
      'impact',
      'failures',
      'attempts',
      'fail %',
      'p99',
      'name',
    ]);
    for (const sort of DISTRIBUTION_SORTS) {
      for (const width of [80, 200]) for (const l of text(render(width, sort))) expect(textColumns(l)).toBeLessThanOrEqual(width);
    }
  });

  it('escapes a hostile SNI and keeps its width', () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2Jevil.example.com\u202e';
    const lines = text(render(200, 'impact', [distRow('E1', { sni: evil, trend: [0.5] }), distRow('E2', { sni: 'plain.example' })]));
    expect(lines.join('\n')).not.toMatch(CONTROL);
    expect(lines.join('\n')).toContain('\\x1b]0;pwned');
    expect(textColumns(lines[2]!)).toBe(textColumns(lines[3]!));
  });

  it('renders the demo’s rows from the real store: the bad CA bundle on top with its whole code at 80 columns', () => {
    const START = Date.UTC(2026, 10, 20, 6, 0, 0);
    let now = START;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const generator = new DemoGenerator({ seed: 7, startMs: START });
    const parsers = [createLineParser(), createLineParser(), createLineParser()];
    for (let t = 1000; t <= 60_000; t += 1000) {
      const batch = generator.advanceTo(t);
      now = START + t;
      [batch.connectionsJson, batch.connectionsW3c, batch.firewall].forEach((lines, i) => {
        for (const line of lines) {
          const outcome = parsers[i]!.parse(line);
          if (outcome.type === 'event') store.ingest(outcome.event, 'demo');
        }
      });
      store.tick();
    }
    const query: ViewQuery = { filter: EMPTY_FILTER, windowMs: 60_000, mark: null };
    const demoRows = store.section('distributions', query);
    for (const width of [80, 200]) {
      const lines = text(distributionsLines(demoRows, { width, height: 12, focused: true, cursor: 0, alerting: new Set() }));
      for (const l of lines) expect(textColumns(l)).toBeLessThanOrEqual(width);
      expect(lines[2]).toMatch(new RegExp(`^› ${BAD_CA_DISTRIBUTION} .*ClientCertUntrusted`));
      if (width === 200) expect(lines[2]).toContain('api.payments.example.com');
    }
  });
});

describe('Connections pane: vs prev', () => {
  it('says new when the previous window held no connection, and +N / -N otherwise', () => {
    const snap = makeSnapshot();
    const opts = { width: 80, height: 6, focused: false };
    const lines = (previousEmpty: boolean) =>
      text(connectionsLines({ ...snap, connections: { ...snap.connections, previousEmpty } }, opts)).filter((l) =>
        l.startsWith('ClientCert'),
      );
    expect(lines(false).map((l) => l.split(/ +/).pop())).toEqual(['+140', '-5']);
    expect(lines(true).map((l) => l.split(/ +/).pop())).toEqual(['new', 'new']);
    for (const l of lines(true)) expect(textColumns(l)).toBeLessThanOrEqual(80);
  });
});

describe('distribution picker: figures beside each entry', () => {
  const picker = (over: Partial<Extract<Overlay, { kind: 'picker' }>> = {}): Extract<Overlay, { kind: 'picker' }> => ({
    kind: 'picker',
    target: 'distributions',
    options: ['E2DX1SLDPK0123', 'E1A2B3C4D5E6F7', 'constructor', 'EIDLE'],
    details: {
      E2DX1SLDPK0123: { attempts: 5842, failureRate: 0.384 },
      E1A2B3C4D5E6F7: { attempts: 4668, failureRate: 0.025 },
      EIDLE: { attempts: 0, failureRate: 0 },
    },
    query: '',
    selected: [],
    cursor: 0,
    ...over,
  });

  it('shows attempts and fail % in the order given (by impact), headed on the narrow line', () => {
    const lines = text(pickerLines(picker(), 80, 7));
    for (const l of lines) expect(textColumns(l)).toBeLessThanOrEqual(80);
    expect(lines.slice(1, 6).map((l) => l.trimEnd())).toEqual([
      'narrow: ▏               attempts  fail %',
      '› [ ] E2DX1SLDPK0123       5,842   38.4%',
      '  [ ] E1A2B3C4D5E6F7       4,668    2.5%',
      // An id with no figures (and named like an Object property) shows none.
      '  [ ] constructor',
      // Seen, but nothing in the window: no rate to show.
      '  [ ] EIDLE                    0       -',
    ]);
  });

  it('drops the figures when the width is too small, and never for the outcome picker', () => {
    expect(text(pickerLines(picker(), 30, 4))[2]).toBe('› [ ] E2DX1SLDPK0123');
    const statuses = text(pickerLines(picker({ target: 'statuses', options: ['Success', 'Failed'], details: undefined }), 80, 4));
    expect(statuses[2]!.trimEnd()).toBe('› [ ] Success');
  });

  it('escapes hostile ids and keeps the figures aligned', () => {
    const evil = '\u001b[2Jevil\u202e';
    const lines = text(
      pickerLines(
        picker({ options: [evil, 'E1'], details: { [evil]: { attempts: 3, failureRate: 1 }, E1: { attempts: 9, failureRate: 0 } } }),
        80,
        5,
      ),
    );
    expect(lines.join('\n')).not.toMatch(CONTROL);
    expect(lines[2]).toMatch(/ 3 +100\.0%$/);
    expect(textColumns(lines[2]!.trimEnd())).toBe(textColumns(lines[3]!.trimEnd()));
  });
});
