import { describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/ui/alerts.js';
import { PANES } from '../../src/ui/keymap.js';
import { computeLayout, HEADER_ROWS } from '../../src/ui/layout.js';
import { distRow, NOW } from './fixtures.js';

describe('evaluateAlerts', () => {
  const hot = distRow('E1', { lastMinute: { attempts: 100, failures: 20, failureRate: 0.2, p99: 80 } });
  const slow = distRow('E2', { tenantId: 't1', lastMinute: { attempts: 100, failures: 0, failureRate: 0, p99: 900 } });
  const calm = distRow('E3', { lastMinute: { attempts: 100, failures: 1, failureRate: 0.01, p99: 50 } });

  it('is off without thresholds', () => {
    expect(evaluateAlerts([hot, slow], {}, new Set(), NOW).active.size).toBe(0);
  });
  it('flags rows over either threshold and reports each crossing once', () => {
    const first = evaluateAlerts([hot, slow, calm], { failureRatePct: 5, p99Ms: 500 }, new Set(), NOW);
    expect([...first.active]).toEqual(['E1', 'E2/t1']);
    expect(first.crossed.map((c) => `${c.key}: ${c.reason}`)).toEqual(['E1: failure 20.0% ≥ 5%', 'E2/t1: p99 900ms ≥ 500ms']);
    const again = evaluateAlerts([hot, slow, calm], { failureRatePct: 5, p99Ms: 500 }, first.active, NOW + 100);
    expect(again.crossed).toEqual([]);
    const recovered = evaluateAlerts([calm], { failureRatePct: 5 }, again.active, NOW + 200);
    expect(recovered.active.size).toBe(0);
    const back = evaluateAlerts([hot], { failureRatePct: 5 }, recovered.active, NOW + 300);
    expect(back.crossed).toHaveLength(1);
  });
  it('ignores rows with no attempts in the last minute', () => {
    const idle = distRow('E4', { lastMinute: { attempts: 0, failures: 0, failureRate: 0, p99: null } });
    expect(evaluateAlerts([idle], { failureRatePct: 0, p99Ms: 0 }, new Set(), NOW).active.size).toBe(0);
  });
});

describe('computeLayout', () => {
  it('uses focus mode below 120x40 and never exceeds rows - 1', () => {
    for (const [c, r] of [
      [80, 24],
      [100, 30],
      [119, 60],
      [200, 39],
    ] as const) {
      const l = computeLayout(c, r, 'latency', false, 5);
      expect(l.mode).toBe('focus');
      expect(l.height).toBe(r - 1);
      expect(l.tabBar).toBe(true);
      expect(HEADER_ROWS + l.alertRows + l.bodyHeight + 1).toBe(r - 1);
      const h = l.bodyHeight - 1;
      const second = Math.floor(h * 0.4);
      expect(l.columns).toEqual([
        [
          { pane: 'latency', top: 1, left: 0, width: c, height: h - second },
          { pane: 'distributions', top: 1 + h - second, left: 0, width: c, height: second },
        ],
      ]);
    }
  });
  it('focus mode shows Connections under a focused Distributions, and z zooms', () => {
    expect(computeLayout(80, 24, 'distributions', false, 0).columns[0]!.map((b) => [b.pane, b.height])).toEqual([
      ['distributions', 11],
      ['connections', 6],
    ]);
    expect(computeLayout(80, 24, 'failures', true, 0).columns[0]!.map((b) => [b.pane, b.height])).toEqual([['failures', 17]]);
    expect(computeLayout(80, 18, 'failures', false, 2).columns[0]!.map((b) => b.pane)).toEqual(['failures']);
  });
  it('uses a two-column grid from 120x40 holding every pane, zoomable', () => {
    const l = computeLayout(200, 50, 'latency', false, 0);
    expect(l.mode).toBe('grid');
    expect(
      l.columns
        .flat()
        .map((b) => b.pane)
        .sort(),
    ).toEqual([...PANES].sort());
    for (const column of l.columns) expect(column.reduce((n, b) => n + b.height, 0)).toBe(l.bodyHeight);
    expect(l.columns[0]![0]!.width + 1 + l.columns[1]![0]!.width).toBe(200);
    const zoomed = computeLayout(200, 50, 'latency', true, 0);
    expect(zoomed.columns).toEqual([[{ pane: 'latency', top: 0, left: 0, width: 200, height: zoomed.bodyHeight }]]);
  });
});
