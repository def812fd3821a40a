import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialModel, poissonModel } from '../../../src/aggregation/changes/rate-model.js';

const binomialLogLikelihood = (p: number, n: number, k: number): number => k * Math.log(p) + (n - k) * Math.log(1 - p);
const poissonLogLikelihood = (rate: number, seconds: number, k: number): number => k * Math.log(rate * seconds) - rate * seconds;

describe('rate models', () => {
  const binomial = binomialModel({ ratio: 2, delta: 0.05, floor: 0 });
  const poisson = poissonModel({ ratio: 2, delta: 0.2, floor: 0 });

  it('binomial coefficients are the log-likelihood ratio (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        fc.double({ min: 0.001, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p0, p1, n, f) => {
          const k = Math.floor(f * n);
          const out: [number, number] = [0, 0];
          binomial.coefficients(p0, p1, out);
          const expected = binomialLogLikelihood(p1, n, k) - binomialLogLikelihood(p0, n, k);
          expect(out[0] * k + out[1] * n).toBeCloseTo(expected, 6);
        },
      ),
    );
  });

  it('Poisson coefficients are the log-likelihood ratio (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 50, noNaN: true }),
        fc.double({ min: 0.001, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 500 }),
        (l0, l1, seconds, k) => {
          const out: [number, number] = [0, 0];
          poisson.coefficients(l0, l1, out);
          const expected = poissonLogLikelihood(l1, seconds, k) - poissonLogLikelihood(l0, seconds, k);
          expect(out[0] * k + out[1] * seconds).toBeCloseTo(expected, 6);
        },
      ),
    );
  });

  it('the reference rate is an upper bound: the rule of three with nothing seen, about two standard errors above K/N', () => {
    expect(binomial.reference(0, 999)).toBeCloseTo(3 / 1000, 12);
    const k = 100;
    const n = 10_000;
    const ref = binomial.reference(k, n);
    expect(ref).toBeGreaterThan(k / n + (1.9 * Math.sqrt(k)) / n);
    expect(ref).toBeLessThan(k / n + (2.3 * Math.sqrt(k)) / n);
    // A thin baseline is uncertain: one failure in 3 handshakes is no evidence of a low rate.
    expect(binomial.reference(0, 3)).toBeGreaterThan(0.5);
    expect(poisson.reference(0, 599)).toBeCloseTo(3 / 600, 12);
  });

  it('the design rate puts the CUSUM neutral point (zero expected drift) at the minimum effect (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0001, max: 0.3, noNaN: true }), (p0) => {
        for (const model of [binomial, poisson]) {
          const effect = model.alternative(p0);
          const p1 = model.design(p0, effect);
          expect(p1).toBeGreaterThan(effect);
          const out: [number, number] = [0, 0];
          model.coefficients(p0, p1, out);
          // Expected log-likelihood ratio per trial (or second) at rate p is a*p + b: zero at p = -b/a.
          expect(-out[1] / out[0] / effect).toBeCloseTo(1, 6);
          expect(out[0] * (effect * 0.9) + out[1]).toBeLessThan(0);
          expect(out[0] * (effect * 1.1) + out[1]).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('caps the design rate at the top of the binomial scale', () => {
    const effect = binomial.alternative(0.48);
    expect(binomial.design(0.48, effect)).toBe(binomial.maxRate);
  });

  it('the minimum effect is max(ratio, delta, floor), and none when the reference is at the top', () => {
    expect(binomial.alternative(0.01)).toBeCloseTo(0.06, 12);
    expect(binomial.alternative(0.2)).toBeCloseTo(0.4, 12);
    expect(binomial.alternative(0.999)).toBeNaN();
    expect(binomialModel({ ratio: 2, delta: 0, floor: 0.01 }).alternative(0.0004)).toBeCloseTo(0.01, 12);
    expect(poisson.alternative(0.01)).toBeCloseTo(0.21, 12);
    expect(poisson.alternative(3)).toBeCloseTo(6, 12);
  });
});
