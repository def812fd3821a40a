/**
 * Exponential decay by event-time seconds: a baseline forgets with a half-life, so it
 * follows slow drift (a distribution's normal failure rate creeping up over hours)
 * while a step within seconds stands out against it. A weight observed `age` seconds
 * ago counts 2^(-age / halfLife).
 */

/** The factor that decays a sum by `seconds` (1 for 0 seconds, 0.5 after one half-life). */
export function decayFactor(halfLifeSeconds: number, seconds: number): number {
  if (!(seconds > 0)) return 1;
  return Math.pow(2, -seconds / halfLifeSeconds);
}

/**
 * The decayed mass of one unit per second over `seconds` consecutive seconds ending
 * now: sum over i < seconds of 2^(-i / halfLife). It tends to halfLife / ln 2 (the
 * baseline's effective length in seconds).
 */
export function decayedSeconds(halfLifeSeconds: number, seconds: number): number {
  if (!(seconds > 0)) return 0;
  const alpha = decayFactor(halfLifeSeconds, 1);
  return (1 - Math.pow(alpha, seconds)) / (1 - alpha);
}
