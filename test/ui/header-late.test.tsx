/**
 * A monitor whose input is all older than its 2 h history must not look complete
 * ("total 0", every source connected): the header says how many events were too old
 * and the span of their times, within 80 columns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import type { ConnectionEvent } from '../../src/events/types.js';
import { App } from '../../src/ui/components/App.js';
import { lineColumns, lineText } from '../../src/ui/lines.js';
import { headerLines } from '../../src/ui/panes/header.js';
import { fakeStatuses, makeProps, makeSnapshot, NOW, renderSized, type SizedRender } from './fixtures.js';

const HOUR = 3_600_000;
const late = (total: number, oldestMs: number, newestMs: number) => ({ total, oldestMs, newestMs, historyMs: 2 * HOUR });
const OLDEST = Date.UTC(2026, 10, 20, 5, 0, 12);
const NEWEST = Date.UTC(2026, 10, 20, 7, 13, 40);
const connected = [{ id: 'file:/var/log/cf.log', label: '/var/log/cf.log', state: 'connected' as const, mode: 'file' }];

function header(width: number, over: Parameters<typeof makeSnapshot>[0] = {}) {
  const snap = makeSnapshot({ malformed: { total: 0, byReason: {} }, ...over });
  return headerLines({ snap, statuses: connected, nowMs: NOW, paused: false, alerting: new Set(), width, filter: snap.filter }).map(
    lineText,
  );
}

describe('header: events too old for the history', () => {
  it('says how many and their span, with the history, at 200 columns', () => {
    expect(header(200, { late: late(12_345, OLDEST, NEWEST) })[3]).toBe(
      'filter: none  12,345 events too old (2026-11-20 05:00–07:13 UTC, before the 2 h history)',
    );
  });

  it('keeps the count and the span within 80 columns, with malformed lines and the mark', () => {
    const rows = header(80, { late: late(12_345, OLDEST, NEWEST) });
    expect(rows[3]).toBe('filter: none  12,345 events too old for the 2 h history (11-20 05:00–07:13 UTC)');
    const busy = header(80, {
      late: late(12_345, OLDEST, NEWEST),
      malformed: { total: 3, byReason: { 'invalid-json': 3 } },
      mark: {
        label: 'step 2',
        atMs: NOW - 60_000,
        before: { attempts: 0, failures: 0, failureRate: 0, p99: null },
        after: { attempts: 0, failures: 0, failureRate: 0, p99: null },
      },
    });
    expect(busy[3]).toBe('filter: none  12,345 too old (11-20 05:00–07:13Z, >2h)  malformed 3  mark "step…');
    for (const row of [...rows, ...busy]) expect([...row].length).toBeLessThanOrEqual(80);
  });

  it('spans two days, or names one time, and says nothing when nothing was too old', () => {
    expect(header(200, { late: late(2, Date.UTC(2026, 10, 19, 23, 0), Date.UTC(2026, 10, 20, 1, 13)) })[3]).toBe(
      'filter: none  2 events too old (2026-11-19 23:00–2026-11-20 01:13 UTC, before the 2 h history)',
    );
    expect(header(200, { late: late(1, OLDEST, OLDEST) })[3]).toBe(
      'filter: none  1 event too old (2026-11-20 05:00 UTC, before the 2 h history)',
    );
    expect(header(200)[3]).toBe('filter: none');
    expect(header(200, { late: late(0, 0, 0) })[3]).toBe('filter: none');
  });

  it('is never wider than the terminal, even with a long filter', () => {
    const snap = makeSnapshot({ late: late(1_234_567, OLDEST, NEWEST) });
    const filter = {
      distributions: ['E2DX1SLDPK0123', 'E3OTHERDIST45'],
      tenants: [],
      statuses: ['Failed:ClientCertUntrusted'],
      text: 'device',
    };
    const rows = headerLines({ snap, statuses: connected, nowMs: NOW, paused: false, alerting: new Set(), width: 80, filter });
    for (const row of rows) expect(lineColumns(row)).toBeLessThanOrEqual(80);
  });
});

describe('monitor at 80x24 on a file whose events are all too old', () => {
  const mounted: SizedRender[] = [];
  afterEach(() => {
    while (mounted.length > 0) mounted.pop()?.instance.unmount();
  });

  it('shows total 0 with the source connected and, next to it, the too-old note', async () => {
    const store = createStore({ clock: () => NOW, notifyIntervalMs: 0 });
    const base: ConnectionEvent = {
      kind: 'connection',
      eventTimestamp: 0,
      connectionStatus: 'Success',
      outcome: 'success',
      failureCode: null,
      distributionId: 'E1',
    };
    // 12,345 events from 2026-11-20 05:00 to 07:13 UTC; the clock is 2026-11-24 07:00.
    for (let i = 0; i < 12_345; i++)
      store.ingest({ ...base, eventTimestamp: OLDEST + Math.floor((i * (NEWEST - OLDEST)) / 12_344) }, '/var/log/cf.log');
    const { props } = makeProps(undefined, { store, statuses: fakeStatuses(connected) });
    const r = renderSized(<App {...props} />, 80, 24);
    mounted.push(r);
    const frame = await r.waitFor((f) => f.includes('too old'));
    const lines = frame.split('\n');
    // Events too old for the history never reach the change detector either.
    expect(lines[1]).toBe('changes: waiting for traffic');
    expect(lines[2]).toBe('sources: /var/log/cf.log connected file');
    expect(lines[3]).toBe('filter: none  12,345 events too old for the 2 h history (11-20 05:00–07:13 UTC)');
    expect(frame).toContain('total 0');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  });
});
