import { describe, expect, it } from 'vitest';
import { ArrivalRate } from '../../src/aggregation/arrival-rate.js';

describe('ArrivalRate', () => {
  it('reads a steady stream at its rate at any point of a second', () => {
    const rate = new ArrivalRate(10);
    const t0 = 1_800_000_000_000;
    // 50 events every 10 ms: 5,000 events/s, for 20 s.
    for (let t = t0; t < t0 + 20_000; t += 10) {
      rate.add(t, 50);
      // Early, mid and late in a second, once the span is full.
      if (t >= t0 + 12_000 && [5, 505, 995].includes((t - t0) % 1000)) expect(rate.perSecond(t + 5) / 5000).toBeCloseTo(1, 2);
    }
  });

  it('falls to zero once the span has passed without events', () => {
    const rate = new ArrivalRate(10);
    for (let s = 0; s < 10; s++) rate.add(s * 1000, 7);
    expect(rate.perSecond(10_500)).toBe(7);
    expect(rate.perSecond(30_000)).toBe(0);
  });
});
