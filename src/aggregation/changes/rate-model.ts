/**
 * The two count models the change tests use, each reduced to what a CUSUM needs: a
 * conservative reference rate from a decayed baseline, the smallest rate that counts
 * as a change (the minimum effect size), and the log-likelihood ratio of one rate
 * against another as a linear form a*k + b*n.
 *
 * - Binomial: k failures in n handshakes of one second. Conditioning on n makes the
 *   test indifferent to traffic volume: bursts, quiet seconds and slow distributions
 *   only change how much evidence a second carries, not its meaning.
 * - Poisson: k firewall entries in n seconds (there is no denominator: the firewall
 *   logs only the failures), a rate per second.
 *
 * The reference rate is an upper confidence bound of the baseline rate,
 * (K + 1 + z*sqrt(K + 1)) / (N + 1) for K events over N (decayed) trials or seconds:
 * at K = 0 and z = 2 it is the "rule of three" (3/N, the 95 % bound when nothing was
 * seen); for large K it is K/N plus about two standard errors. Testing against the
 * bound instead of the point estimate is what keeps a thin baseline (a distribution at
 * one handshake a second, a code seen twice) from turning its own noise into changes.
 *
 * The CUSUM is not run against the minimum effect itself but against a design rate
 * whose neutral point (zero expected drift) is the minimum effect: a rate below the
 * minimum effect makes the statistic drift down however long it lasts, a rate above
 * it makes it drift up, and a large jump gives much evidence per event.
 */

/** Parameters of the minimum effect: a change is a rate of at least max(p0 * ratio, p0 + delta, floor). */
export interface EffectSize {
  /** Relative increase, e.g. 2 (the rate doubles). */
  ratio: number;
  /** Absolute increase, e.g. 0.05 (five percentage points) or 0.2 entries/s. */
  delta: number;
  /** Smallest alternative rate whatever the baseline (0 for none). */
  floor: number;
}

/** A count model for {@link CountChangeTest}. */
export interface RateModel {
  readonly kind: 'binomial' | 'poisson';
  /** Conservative (upper-bound) baseline rate from K events over N trials or seconds. */
  reference(k: number, n: number): number;
  /** The smallest rate that is a change from the reference rate p0 (NaN when none is possible). */
  alternative(p0: number): number;
  /**
   * The rate the CUSUM is designed for: the p1 whose log-likelihood ratio against p0
   * has zero expected drift exactly at the minimum effect `effect` (the CUSUM's neutral
   * point), so rates below the minimum effect drift down and rates above it drift up.
   */
  design(p0: number, effect: number): number;
  /** Largest rate the model can represent (rates are clamped below it). */
  readonly maxRate: number;
  /**
   * Coefficients of the log-likelihood ratio of rate `to` against rate `from`:
   * log L(to) - log L(from) = a*k + b*n. Written into `out` as [a, b].
   */
  coefficients(from: number, to: number, out: [number, number]): void;
}

/**
 * The p1 > effect whose neutral point (the rate at which a*p + b = 0, per trial or
 * second) is `effect`, by bisection on log(p1); capped at `maxRate`.
 */
function designRate(model: Pick<RateModel, 'coefficients' | 'maxRate'>, p0: number, effect: number): number {
  const out: [number, number] = [0, 0];
  const neutral = (p1: number): number => {
    model.coefficients(p0, p1, out);
    return -out[1] / out[0];
  };
  if (!(effect > p0)) return NaN;
  // Bracket [effect, effect * 2^k], then 24 halvings in log space (relative precision ~1e-6).
  let hi = Math.log(effect);
  do hi = Math.min(hi + Math.LN2 * 4, Math.log(model.maxRate));
  while (neutral(Math.exp(hi)) < effect && hi < Math.log(model.maxRate));
  if (neutral(Math.exp(hi)) <= effect) return Math.exp(hi);
  let lo = Math.log(effect);
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (neutral(Math.exp(mid)) < effect) lo = mid;
    else hi = mid;
  }
  return Math.exp(hi);
}

/** z of the upper confidence bound (about 97.7 % one-sided). */
const Z = 2;

function upperBound(k: number, n: number): number {
  const kk = Math.max(0, k) + 1;
  return (kk + Z * Math.sqrt(kk)) / (Math.max(0, n) + 1);
}

/** Binomial model with the given minimum effect; rates are probabilities. */
export function binomialModel(effect: EffectSize): RateModel {
  const maxRate = 0.999;
  const model: RateModel = {
    kind: 'binomial',
    maxRate,
    reference: (k, n) => Math.min(maxRate, upperBound(k, n)),
    alternative(p0) {
      const p1 = Math.min(maxRate, Math.max(p0 * effect.ratio, p0 + effect.delta, effect.floor));
      return p1 > p0 ? p1 : NaN;
    },
    design: (p0, m) => designRate(model, p0, m),
    coefficients(from, to, out) {
      const p0 = Math.min(maxRate, Math.max(1e-9, from));
      const p1 = Math.min(maxRate, Math.max(1e-9, to));
      const b = Math.log((1 - p1) / (1 - p0));
      out[0] = Math.log(p1 / p0) - b;
      out[1] = b;
    },
  };
  return model;
}

/** Poisson model with the given minimum effect; rates are events per second. */
export function poissonModel(effect: EffectSize): RateModel {
  const maxRate = 1e9;
  const model: RateModel = {
    kind: 'poisson',
    maxRate,
    reference: (k, n) => upperBound(k, n),
    alternative(p0) {
      const p1 = Math.max(p0 * effect.ratio, p0 + effect.delta, effect.floor);
      return p1 > p0 ? p1 : NaN;
    },
    design: (p0, m) => designRate(model, p0, m),
    coefficients(from, to, out) {
      const l0 = Math.max(1e-9, from);
      const l1 = Math.max(1e-9, to);
      out[0] = Math.log(l1 / l0);
      out[1] = -(l1 - l0);
    },
  };
  return model;
}
