/** Logs Insights mode against the fake Logs service: stats result mapping, status polling, failures, the concurrency limit. */
import { describe, expect, it } from 'vitest';
import { parseInsightsTime, toAggregateRows, toLatencyRows } from '../../../src/sources/cloudwatch/insights-queries.js';
import { CollectingSink } from './collecting-sink.js';
import { withFakeLogsService } from './fake-service-harness.js';

const h = withFakeLogsService({ mode: 'insights' });

const cell = (field: string, value: string) => ({ field, value });
const COUNT_ROWS = [
  [
    cell('connectionStatus', 'Success'),
    cell('distributionId', 'E1'),
    cell('minute', '2026-11-24 06:44:00.000'),
    cell('connections', '120'),
  ],
  [
    cell('connectionStatus', 'Failed:ClientCertExpired'),
    cell('distributionId', 'E1'),
    cell('minute', '2026-11-24 06:44:00.000'),
    cell('connections', '3'),
  ],
  [cell('connectionStatus', 'Success'), cell('distributionId', 'E2'), cell('minute', '2026-11-24 06:45:00.000'), cell('connections', '7')],
];
const OVERALL = [[cell('p50', '12.5'), cell('p90', '40'), cell('p99', '153'), cell('maxDuration', '900')]];
const BY_DIST = [
  [cell('distributionId', 'E1'), cell('p50', '10'), cell('p90', '30'), cell('p99', '100'), cell('maxDuration', '500')],
  [cell('distributionId', 'E2'), cell('p50', '20'), cell('p90', '50'), cell('p99', '200'), cell('maxDuration', '900')],
];

function scriptAll(runningPolls = 2): void {
  h.service.scriptQuery((q) => q.includes('count(*)'), { runningPolls, results: COUNT_ROWS });
  h.service.scriptQuery((q) => q.includes('by distributionId') && q.includes('pct('), { runningPolls, results: BY_DIST });
  h.service.scriptQuery((q) => q.includes('pct('), { runningPolls, results: OVERALL });
}

describe('Logs Insights mode', () => {
  it('runs the stats queries, polls until Complete and maps the rows', async () => {
    h.service.createLogGroup('/aws/cloudfront/connections');
    scriptAll();
    const sink = new CollectingSink();
    const sinceMs = Date.UTC(2026, 10, 24, 6, 30, 17);
    h.start(sink, { logGroups: ['/aws/cloudfront/connections'], sinceMs, follow: false, untilMs: Date.UTC(2026, 10, 24, 7, 0, 0) });
    await h.finished();
    expect(sink.statuses.at(-1)?.state).toBe('done');
    expect(h.service.queries.map((q) => q.queryString)).toEqual([
      expect.stringMatching(/stats count\(\*\) as connections by connectionStatus, distributionId, bin\(1m\)/),
      expect.stringMatching(
        /pct\(tlsHandshakeDuration, 50\).*pct\(tlsHandshakeDuration, 90\).*pct\(tlsHandshakeDuration, 99\).*max\(tlsHandshakeDuration\)/,
      ),
      expect.stringMatching(/by distributionId$/),
    ]);
    // Range aligned to the minute, in epoch seconds.
    expect(h.service.queries[0]).toMatchObject({
      startTime: Date.UTC(2026, 10, 24, 6, 30) / 1000,
      endTime: Date.UTC(2026, 10, 24, 7, 0) / 1000,
      logGroupNames: ['/aws/cloudfront/connections'],
    });
    expect(h.service.calls.get('GetQueryResults')).toBe(9);
    expect(sink.aggregateCalls).toHaveLength(1);
    const call = sink.aggregateCalls[0]!;
    expect(call.range).toEqual({ startMs: Date.UTC(2026, 10, 24, 6, 30), endMs: Date.UTC(2026, 10, 24, 7, 0) });
    expect(call.rows).toEqual([
      { binStartMs: Date.UTC(2026, 10, 24, 6, 44), binMs: 60_000, distributionId: 'E1', connectionStatus: 'Success', count: 120 },
      {
        binStartMs: Date.UTC(2026, 10, 24, 6, 44),
        binMs: 60_000,
        distributionId: 'E1',
        connectionStatus: 'Failed:ClientCertExpired',
        count: 3,
      },
      { binStartMs: Date.UTC(2026, 10, 24, 6, 45), binMs: 60_000, distributionId: 'E2', connectionStatus: 'Success', count: 7 },
    ]);
    expect(call.latency).toEqual([
      { rangeStartMs: call.range.startMs, rangeEndMs: call.range.endMs, distributionId: null, p50: 12.5, p90: 40, p99: 153, max: 900 },
      { rangeStartMs: call.range.startMs, rangeEndMs: call.range.endMs, distributionId: 'E1', p50: 10, p90: 30, p99: 100, max: 500 },
      { rangeStartMs: call.range.startMs, rangeEndMs: call.range.endMs, distributionId: 'E2', p50: 20, p90: 50, p99: 200, max: 900 },
    ]);
  });

  it('repeats on a schedule while following', async () => {
    h.service.createLogGroup('g');
    scriptAll(0);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['g'] });
    await sink.waitFor(() => sink.aggregateCalls.length >= 3, 'three cycles');
    expect(sink.hasStatus((s) => s.state === 'connected' && s.mode === 'insights')).toBe(true);
  });

  it.each(['Failed', 'Cancelled', 'Timeout'] as const)('retries a query that ends %s', async (status) => {
    h.service.createLogGroup('g');
    h.service.scriptQuery(() => h.service.queries.length === 1, { status });
    scriptAll(0);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['g'] });
    await sink.waitFor(() => sink.aggregateCalls.length >= 1, 'a cycle after the failure');
    expect(sink.hasStatus((s) => s.state === 'retrying' && s.message?.includes(`status ${status}`) === true)).toBe(true);
    expect(sink.aggregateCalls[0]!.rows).toHaveLength(3);
  });

  it('backs off on the concurrent query limit', async () => {
    h.service.createLogGroup('g');
    h.service.fault('StartQuery', 'limit-exceeded', 2);
    scriptAll(0);
    const sink = new CollectingSink();
    h.start(sink, { logGroups: ['g'] });
    await sink.waitFor(() => sink.aggregateCalls.length >= 1, 'a cycle after the limit');
    expect(sink.hasStatus((s) => s.state === 'retrying' && /concurrent Logs Insights queries/.test(s.message ?? ''))).toBe(true);
  });
});

describe('Insights result mapping', () => {
  it('reads Insights times and skips unusable rows', () => {
    expect(parseInsightsTime('2026-11-24 06:44:00.000')).toBe(Date.UTC(2026, 10, 24, 6, 44));
    expect(parseInsightsTime('1764000000000')).toBe(1764000000000);
    expect(Number.isNaN(parseInsightsTime('yesterday'))).toBe(true);
    expect(
      toAggregateRows([
        [cell('bin(1m)', '2026-11-24 06:44:00.000'), cell('count(*)', '5')],
        [cell('minute', 'garbage'), cell('connections', '5')],
        [cell('minute', '2026-11-24 06:44:00.000'), cell('connections', 'NaN')],
        [cell('@message', 'hello')],
      ]),
    ).toEqual([{ binStartMs: Date.UTC(2026, 10, 24, 6, 44), binMs: 60_000, distributionId: '', connectionStatus: '', count: 5 }]);
    expect(toLatencyRows([[cell('@message', 'x')], [cell('p99', '')]], { startMs: 0, endMs: 1 }, false)).toEqual([]);
  });
});
