import { render as inkTestRender } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, ChangesView } from '../../src/aggregation/types.js';
import { App } from '../../src/ui/components/App.js';
import { lineColumns, lineText } from '../../src/ui/lines.js';
import { changeLine } from '../../src/ui/panes/change-line.js';
import { changesInOrder, changesLines } from '../../src/ui/panes/changes.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeStore, KEYS, makeProps, makeSnapshot, NOW } from './fixtures.js';

const ISSUER = 'C=US, O=Example Payments, OU=Partner PKI, CN=Example Payments Partner CA G1';
const ONSET = NOW - 25_000;

const untrusted: Change = {
  id: 'failure-code|E2DX1SLDPK0123|ClientCertUntrusted|1',
  kind: 'failure-code',
  distributionId: 'E2DX1SLDPK0123',
  tenantId: null,
  failureCode: 'ClientCertUntrusted',
  sni: null,
  onset: ONSET,
  end: null,
  detectedAt: ONSET + 8_000,
  before: 0.002,
  after: 0.515,
  unit: 'fraction',
  excessFailures: 5.1,
  events: 130,
  attributes: [{ field: 'issuer', value: ISSUER, share: 1, baselineShare: 0.65 }],
};
const revoked: Change = {
  ...untrusted,
  id: 'firewall-revocation|updates|REVOKED/DROP|1',
  kind: 'firewall-revocation',
  distributionId: null,
  failureCode: 'REVOKED/DROP',
  sni: 'updates.vendor-cdn.example.com',
  before: 0,
  after: 3.3,
  unit: 'per-second',
  excessFailures: 3.3,
  attributes: [{ field: 'destination', value: '54.92.160.72:443', share: 1, baselineShare: 0 }],
};
const ended: Change = { ...untrusted, id: 'ended', failureCode: 'ClientCertExpired', end: NOW - 5_000, excessFailures: 9 };
const view: ChangesView = {
  changes: [ended, untrusted, revoked],
  sniByDistribution: { E2DX1SLDPK0123: 'api.payments.example.com' },
  lateEvents: 0,
  lagSeconds: 3,
  analysedUntilMs: NOW - 3_000,
};

describe('the header change line', () => {
  it('at 80 columns keeps the ID, the code and the onset whole, and the partner CA in view', () => {
    const text = lineText(changeLine({ changes: view, width: 80 }));
    expect(lineColumns(changeLine({ changes: view, width: 80 }))).toBeLessThanOrEqual(80);
    expect(text).toContain('E2DX1SLDPK0123');
    expect(text).toContain('ClientCertUntrusted');
    expect(text).toContain('since 06:59:35Z');
    expect(text).toMatch(/Partner CA G1/);
  });

  it('at 200 columns says everything: name, rate now, what it was, the shares, and how many more', () => {
    expect(lineText(changeLine({ changes: view, width: 200 }))).toBe(
      '▲ E2DX1SLDPK0123 (api.payments.example.com) ClientCertUntrusted 51.5% since 06:59:35Z (was 0.2%) · issuer Example Payments Partner CA G1 100% of new failures (65% before)  +1 more  (c: filter to it)',
    );
    // The key hint is the first thing to go.
    expect(lineText(changeLine({ changes: view, width: 190 }))).toMatch(/ \(65% before\) {2}\+1 more$/);
  });

  it('never exceeds the width, down to 40 columns; the onset survives to the end', () => {
    for (let width = 40; width <= 200; width++) {
      const line = changeLine({ changes: view, width });
      expect(lineColumns(line)).toBeLessThanOrEqual(width);
      if (width >= 52) expect(lineText(line)).toContain('since 06:59:35Z');
    }
  });

  it('a resolved name wins over the SNI; no change says so, with the last one that ended', () => {
    expect(lineText(changeLine({ changes: view, width: 120, names: { E2DX1SLDPK0123: 'payments-prod' } }))).toContain('(payments-prod)');
    const quiet = { ...view, changes: [ended] };
    expect(lineText(changeLine({ changes: quiet, width: 120 }))).toBe(
      'no change in progress · last: E2DX1SLDPK0123 ClientCertExpired ended 06:59:55Z',
    );
    expect(lineText(changeLine({ changes: { ...quiet, lateEvents: 12 }, width: 120 }))).toContain(
      '12 events >3s out of order not analysed',
    );
  });
});

describe('the Changes pane', () => {
  it('lists ongoing changes by impact, then ended ones with their end time, two rows each', () => {
    const rows = changesInOrder(view);
    expect(rows.map((c) => c.id)).toEqual([untrusted.id, revoked.id, 'ended']);
    const lines = changesLines(view, rows, { width: 120, height: 12, focused: true, cursor: 0 }).map(lineText);
    expect(lines[0]).toMatch(/^▶ Changes ─+ 2 ongoing · 1 ended ─$/);
    expect(lines[2]).toBe('› since 06:59:35     E2DX1SLDPK0123  ClientCertUntrusted  0.2% → 51.5%  +5.1/s');
    expect(lines[3]).toBe('    api.payments.example.com · issuer Example Payments Partner CA G1 100% (65% before)');
    expect(lines[4]).toContain('fw updates.ven…');
    expect(lines[4]).toContain('REVOKED/DROP');
    expect(lines[4]).toContain('0.0/s → 3.3/s');
    expect(lines[6]).toContain('06:59:35–06:59:55');
    for (const line of changesLines(view, rows, { width: 80, height: 12, focused: true, cursor: 0 })) {
      expect(lineColumns(line)).toBeLessThanOrEqual(80);
    }
  });
});

describe('the monitor with a change (ink-testing-library)', () => {
  const mounted: Array<{ unmount(): void }> = [];
  afterEach(() => {
    while (mounted.length > 0) mounted.pop()?.unmount();
  });

  it('names the change in the header at 80x24 with no key pressed; Enter in the Changes pane filters to it', async () => {
    const store = new FakeStore(makeSnapshot({ changes: view }));
    const { props } = makeProps(store);
    const r = inkTestRender(<App {...props} />);
    mounted.push(r);
    const frame = () => r.lastFrame() ?? '';
    const wait = (s: string) =>
      waitFor(() => frame().includes(s), `the frame to show "${s}"`, { timeoutMs: 2000, intervalMs: 5, observe: frame });
    await wait('ClientCertUntrusted');
    const header = frame().split('\n')[1]!;
    expect(header).toContain('E2DX1SLDPK0123');
    expect(header).toContain('since 06:59:35Z');
    expect(header).toContain('Partner CA G1');
    r.stdin.write(KEYS.tab);
    await wait('▶ Changes');
    r.stdin.write(KEYS.enter);
    await wait('filter: dist E2DX1SLDPK0123 · status Failed:ClientCertUntrusted');
    expect(store.filters.at(-1)).toEqual({
      distributions: ['E2DX1SLDPK0123'],
      tenants: [],
      statuses: ['Failed:ClientCertUntrusted'],
      text: '',
    });
  });
});

describe('--alert-on-change', () => {
  const mounted: Array<{ unmount(): void }> = [];
  afterEach(() => {
    while (mounted.length > 0) mounted.pop()?.unmount();
  });

  it('rings once per new change and logs it; the same change listed again, or an ended one, rings nothing', async () => {
    const store = new FakeStore(makeSnapshot({ changes: { ...view, changes: [untrusted] } }));
    const { props, calls } = makeProps(store, { alerts: { onChange: true } });
    const r = inkTestRender(<App {...props} />);
    mounted.push(r);
    const frame = () => r.lastFrame() ?? '';
    const wait = (test: (f: string) => boolean, what: string) =>
      waitFor(() => test(frame()), what, { timeoutMs: 2000, intervalMs: 5, observe: frame });
    await wait((f) => f.includes('! 07:00:00Z E2DX1SLDPK0123: ClientCertUntrusted 0.2% → 51.5% since 06:59:35Z'), 'the alert log entry');
    expect(calls.bell).toBe(1);
    // Next second: the same change (same id) with new figures, and one that ended.
    store.publish({ changes: { ...view, changes: [{ ...untrusted, after: 0.6 }, ended] } });
    await wait((f) => f.includes('60.0%'), 'the new figures');
    expect(calls.bell).toBe(1);
    store.publish({ changes: { ...view, changes: [{ ...untrusted, after: 0.6 }, revoked] } });
    await wait((f) => f.includes('fw updates.vendor-cdn.example.com: REVOKED/DROP'), 'the firewall change logged');
    expect(calls.bell).toBe(2);
  });

  it('is off unless asked for', async () => {
    const store = new FakeStore(makeSnapshot({ changes: view }));
    const { props, calls } = makeProps(store);
    const r = inkTestRender(<App {...props} />);
    mounted.push(r);
    await waitFor(() => (r.lastFrame() ?? '').includes('ClientCertUntrusted'), 'the change line', { timeoutMs: 2000, intervalMs: 5 });
    expect(calls.bell).toBe(0);
    expect(r.lastFrame()).not.toContain('! 07:00:00Z');
  });
});
