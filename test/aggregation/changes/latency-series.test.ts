import { describe, expect, it } from 'vitest';
import { DecayingHistogram, HISTOGRAM_BINS } from '../../../src/aggregation/changes/decaying-histogram.js';
import { LatencySeries, type LatencyConfig } from '../../../src/aggregation/changes/latency-series.js';
import { binomialModel } from '../../../src/aggregation/changes/rate-model.js';
import { Prng } from '../../../src/random/prng.js';
import { poisson } from './streams.js';

describe('DecayingHistogram', () => {
  it('reads quantiles within 2 % and the share above a threshold', () => {
    const h = new DecayingHistogram(Infinity);
    for (let v = 1; v <= 1000; v++) h.add(v, 0);
    expect(h.count(0)).toBe(1000);
    expect(h.quantile(0.5)! / 500).toBeGreaterThan(0.97);
    expect(h.quantile(0.5)! / 500).toBeLessThan(1.03);
    expect(h.quantile(0.99)! / 990).toBeGreaterThan(0.97);
    expect(h.quantile(0.99)! / 990).toBeLessThan(1.03);
    expect(h.shareAbove(900)).toBeGreaterThan(0.08);
    expect(h.shareAbove(900)).toBeLessThan(0.12);
    expect(h.shareAbove(Infinity)).toBe(0);
  });

  it('forgets with its half-life, and rescales without changing what it reports', () => {
    const h = new DecayingHistogram(600);
    for (let i = 0; i < 1000; i++) h.add(10, 0);
    for (let i = 0; i < 1000; i++) h.add(1000, 600);
    // The old values weigh half as much as the new ones.
    expect(h.count(600)).toBeCloseTo(1500, 6);
    expect(h.shareAbove(100)).toBeCloseTo(2 / 3, 6);
    // Far in the future (past the rescale point) one new value dominates.
    h.add(50, 600 * 100);
    expect(h.quantile(0.5)! / 50).toBeCloseTo(1, 1);
    expect(h.count(600 * 100)).toBeCloseTo(1, 6);
  });

  it('merges another histogram on the same time base, ignores hostile values, and has a fixed size', () => {
    const a = new DecayingHistogram(600);
    const b = new DecayingHistogram(600);
    a.add(10, 100);
    b.add(20, 100);
    b.add(-1, 100);
    b.add(NaN, 100);
    b.add(Infinity, 100);
    a.merge(b);
    expect(a.count(100)).toBeCloseTo(2, 9);
    a.add(1e12, 100);
    expect(a.quantile(1)).toBeLessThanOrEqual(600_000 * 1.03);
    expect(HISTOGRAM_BINS).toBeLessThan(400);
    a.clear();
    expect(a.empty).toBe(true);
  });
});

const config: LatencyConfig = {
  test: {
    model: binomialModel({ ratio: 2, delta: 0, floor: 0.01 }),
    halfLifeSeconds: 600,
    threshold: 14,
    maxStepEvidence: 14 / 3,
    endThreshold: 6,
    minBaseline: 50,
    minExcess: 5,
    minSustainSeconds: 3,
    maxPendingSeconds: 300,
  },
  ratio: 1.5,
  minIncreaseMs: 50,
  minSamples: 200,
  refreshSeconds: 60,
};

/** Durations of one second: `rate` handshakes log-normal around `median` (p99 = median * e^(2.326 sigma)). */
function second(prng: Prng, rate: number, median: number, sigma = 0.3): number[] {
  return Array.from({ length: poisson(prng, rate) }, () => prng.logNormal(median, sigma));
}

describe('LatencySeries', () => {
  it('finds p99 jumping from 80 ms to 800 ms within 3 s of data, onset at the jump, before/after in ms', () => {
    for (let seed = 0; seed < 10; seed++) {
      const prng = new Prng(seed);
      const series = new LatencySeries(config);
      let alarm = -1;
      for (let s = 0; s < 700 && alarm < 0; s++) {
        if (series.step(s, second(prng, 10, s >= 600 ? 400 : 40), s >= 30) === 'alarm') alarm = s;
      }
      expect(alarm - 600).toBeGreaterThanOrEqual(0);
      expect(alarm - 600).toBeLessThanOrEqual(3);
      expect(series.test.onsetSec).toBe(600);
      expect(series.beforeP99).toBeGreaterThan(70);
      expect(series.beforeP99).toBeLessThan(95);
      expect(series.afterP99).toBeGreaterThan(650);
      expect(series.threshold).toBeGreaterThan(120);
    }
  });

  it('finds a slow tail (5 % of handshakes at 800 ms) and its end', () => {
    const prng = new Prng(3);
    const series = new LatencySeries(config);
    const results: string[] = [];
    for (let s = 0; s < 1000; s++) {
      const durations = second(prng, 20, 40).map((d) => (s >= 600 && s < 720 && prng.chance(0.05) ? prng.logNormal(800, 0.2) : d));
      results.push(series.step(s, durations, s >= 30));
    }
    expect(results.indexOf('alarm')).toBeGreaterThanOrEqual(600);
    expect(results.indexOf('alarm')).toBeLessThan(640);
    expect(results).toContain('end');
    expect(Math.abs(series.test.endSec - 720)).toBeLessThanOrEqual(5);
    expect(series.afterP99).toBeGreaterThan(500);
  });

  it('does not flag steady latency, a heavy tail, or a slow distribution that was always slow', () => {
    for (const [median, sigma] of [
      [40, 0.3],
      [50, 0.8],
      [900, 0.3],
    ] as const) {
      const prng = new Prng(median);
      const series = new LatencySeries(config);
      for (let s = 0; s < 3600; s++) expect(series.step(s, second(prng, 15, median, sigma), s >= 30)).not.toBe('alarm');
    }
  });

  it('seconds without durations change nothing', () => {
    const series = new LatencySeries(config);
    expect(series.step(0, [], true)).toBe('baseline');
    expect(series.baselineP99()).toBeNull();
  });
});
