import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CountChangeTest, type ChangeTestConfig } from '../../../src/aggregation/changes/count-change-test.js';
import { binomialModel, poissonModel } from '../../../src/aggregation/changes/rate-model.js';
import { Prng } from '../../../src/random/prng.js';
import { binomial, poisson } from './streams.js';

const common = {
  halfLifeSeconds: 600,
  threshold: 14,
  maxStepEvidence: 14 / 3,
  endThreshold: 6,
  minExcess: 5,
  minSustainSeconds: 3,
  maxPendingSeconds: 300,
};
const failures: ChangeTestConfig = { ...common, model: binomialModel({ ratio: 2, delta: 0.05, floor: 0 }), minBaseline: 50 };
const firewall: ChangeTestConfig = { ...common, model: poissonModel({ ratio: 2, delta: 0.2, floor: 0 }), minBaseline: 60 };

/** Step a binomial test through `seconds` seconds of `rate(s)` handshakes failing with probability `p(s)`; returns the results by second. */
function run(
  test: CountChangeTest,
  prng: Prng,
  seconds: number,
  rate: (s: number) => number,
  p: (s: number) => number,
  from = 0,
): string[] {
  const results: string[] = [];
  for (let s = from; s < from + seconds; s++) {
    const n = poisson(prng, rate(s));
    results.push(test.step(s, n, binomial(prng, n, p(s)), s >= 30));
  }
  return results;
}

describe('CountChangeTest (binomial)', () => {
  it('confirms a jump from 1 % to 30 % at 10 handshakes/s within 5 s of data, with the onset at the jump', () => {
    for (let seed = 0; seed < 20; seed++) {
      const test = new CountChangeTest(failures);
      const results = run(
        test,
        new Prng(seed),
        900,
        () => 10,
        (s) => (s >= 600 ? 0.3 : 0.01),
      );
      const alarm = results.indexOf('alarm');
      expect(alarm, `seed ${seed}`).toBeGreaterThanOrEqual(600);
      expect(alarm - 600, `seed ${seed}`).toBeLessThanOrEqual(5);
      expect(Math.abs(test.onsetSec - 600), `seed ${seed}`).toBeLessThanOrEqual(2);
      expect(test.before).toBeLessThan(0.02);
      expect(test.changeK / test.changeN).toBeGreaterThan(0.2);
    }
  });

  it('says when the change ends, and can find the next one', () => {
    const test = new CountChangeTest(failures);
    const prng = new Prng(7);
    const results = run(
      test,
      prng,
      1500,
      () => 20,
      (s) => ((s >= 600 && s < 720) || s >= 1200 ? 0.4 : 0.01),
    );
    expect(results.filter((r) => r === 'alarm')).toHaveLength(2);
    const end = results.indexOf('end');
    expect(end).toBeGreaterThan(720);
    expect(end).toBeLessThan(760);
    // The end is placed at the return, not at its confirmation; the second change has its own onset.
    expect(Math.abs(test.onsetSec - 1200)).toBeLessThanOrEqual(2);
    expect(test.state).toBe('changed');
    const first = new CountChangeTest(failures);
    run(
      first,
      new Prng(7),
      800,
      () => 20,
      (s) => (s >= 600 && s < 720 ? 0.4 : 0.01),
    );
    expect(first.state).toBe('watch');
    expect(Math.abs(first.endSec - 720)).toBeLessThanOrEqual(2);
    expect(first.changeK / first.changeN).toBeGreaterThan(0.3);
  });

  it('does not flag a series that has been bad all along (warm-up learns it)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const test = new CountChangeTest(failures);
      const results = run(
        test,
        new Prng(seed),
        3600,
        () => 10,
        () => 0.3,
      );
      expect(results).not.toContain('alarm');
      expect(results.slice(0, 30).every((r) => r === 'warmup')).toBe(true);
    }
  });

  it('does not flag noise on a low-volume series: 1 failure in 3 handshakes is no incident', () => {
    const test = new CountChangeTest(failures);
    // An hour at one handshake every 20 s, 1 % failing, then 1 failure in the next 3.
    let results = run(
      test,
      new Prng(3),
      3600,
      () => 0.05,
      () => 0.01,
    );
    results = results.concat([test.step(3600, 1, 1, true), test.step(3601, 1, 0, true), test.step(3602, 1, 0, true)]);
    expect(results).not.toContain('alarm');
    // Even three failures in a row at that volume are not enough evidence (nor enough excess).
    expect([test.step(3603, 1, 1, true), test.step(3604, 1, 1, true), test.step(3605, 1, 1, true)]).not.toContain('alarm');
  });

  it('does not let one second raise an alarm alone (a retry storm)', () => {
    const test = new CountChangeTest(failures);
    const prng = new Prng(11);
    run(
      test,
      prng,
      600,
      () => 10,
      () => 0.01,
    );
    expect(test.step(600, 40, 30, true)).not.toBe('alarm');
    const after = run(
      test,
      prng,
      60,
      () => 10,
      () => 0.01,
      601,
    );
    expect(after).not.toContain('alarm');
  });

  it('lets a small, slow shift below the minimum effect become the new normal', () => {
    const test = new CountChangeTest(failures);
    const results = run(
      test,
      new Prng(5),
      4000,
      () => 50,
      (s) => (s >= 600 ? 0.03 : 0.01),
    );
    expect(results).not.toContain('alarm');
    // The baseline has learnt the new rate.
    expect(test.baseK / test.baseN).toBeGreaterThan(0.02);
  });

  it('needs the minimum effect: a doubling from 10 % to 20 % stays below the design alternative', () => {
    const low = new CountChangeTest(failures);
    expect(
      run(
        low,
        new Prng(1),
        1200,
        () => 5,
        (s) => (s >= 600 ? 0.14 : 0.1),
      ),
    ).not.toContain('alarm');
    const high = new CountChangeTest(failures);
    expect(
      run(
        high,
        new Prng(1),
        1200,
        () => 20,
        (s) => (s >= 600 ? 0.4 : 0.1),
      ),
    ).toContain('alarm');
  });

  it('raises no alarm over steady streams of any rate, volume and burstiness (property, 1 h each)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(0.2, 1, 10, 100),
        fc.constantFrom(0.001, 0.01, 0.1, 0.5),
        fc.boolean(),
        (seed, rate, p, bursty) => {
          const prng = new Prng(seed);
          const test = new CountChangeTest(failures);
          const volume = (): number => (bursty ? (prng.chance(0.05) ? rate * 15 : rate * 0.25) : rate);
          expect(run(test, prng, 3600, volume, () => p)).not.toContain('alarm');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('CountChangeTest (Poisson)', () => {
  /** Step a Poisson test with gaps as single steps (as the detector does). */
  function stepCounts(test: CountChangeTest, counts: readonly number[], warmFrom = 60): string[] {
    const results: string[] = [];
    let last = -1;
    counts.forEach((k, s) => {
      if (k === 0) return;
      const gap = s - last - 1;
      if (gap > 0) results.push(test.step(s - 1, gap, 0, s - 1 >= warmFrom, gap));
      results.push(test.step(s, 1, k, s >= warmFrom));
      last = s;
    });
    return results;
  }

  it('confirms firewall errors climbing from 0.3/s to 3/s, onset at the climb', () => {
    for (let seed = 0; seed < 10; seed++) {
      const prng = new Prng(seed);
      const counts = Array.from({ length: 900 }, (_, s) => poisson(prng, s >= 600 ? 3 : 0.3));
      const test = new CountChangeTest(firewall);
      test.seed(-1, 0);
      expect(stepCounts(test, counts)).toContain('alarm');
      expect(Math.abs(test.onsetSec - 600)).toBeLessThanOrEqual(3);
      expect(test.changeK / test.changeN).toBeGreaterThan(2);
      expect(test.before).toBeGreaterThan(0.2);
      expect(test.before).toBeLessThan(0.4);
    }
  });

  it('learns the same baseline from gap steps as from one step per second', () => {
    const prng = new Prng(2);
    const counts = Array.from({ length: 3000 }, () => poisson(prng, 0.05));
    const gaps = new CountChangeTest(firewall);
    gaps.seed(-1, 0);
    stepCounts(gaps, counts);
    const each = new CountChangeTest(firewall);
    each.seed(-1, 0);
    counts.forEach((k, s) => each.step(s, 1, k, s >= 60));
    // The trailing empty seconds as one more gap step.
    const last = counts.findLastIndex((k) => k > 0);
    gaps.step(2999, 2999 - last, 0, true, 2999 - last);
    const a = gaps.decayedBaseline(2999);
    const b = each.decayedBaseline(2999);
    expect(a.n).toBeCloseTo(b.n, 6);
    expect(a.k).toBeCloseTo(b.k, 6);
  });

  it('raises no alarm over steady Poisson streams (property, 1 h each)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(0.01, 0.1, 0.5, 3, 20), (seed, rate) => {
        const prng = new Prng(seed);
        const test = new CountChangeTest(firewall);
        test.seed(-1, 0);
        const counts = Array.from({ length: 3600 }, () => poisson(prng, rate));
        expect(stepCounts(test, counts)).not.toContain('alarm');
      }),
      { numRuns: 30 },
    );
  });
});
