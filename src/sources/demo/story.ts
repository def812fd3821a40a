/**
 * The demo's timeline: a compressed mTLS rollout that plays in about two minutes and
 * then starts over. Pure: the state at a story time is a function of that time only.
 */

/** Length of one play of the story; after it, the story loops. */
export const STORY_CYCLE_MS = 180_000;

/** Story times (within a cycle) where things happen. */
export const STORY_MARKS = {
  /** Rollout step 2: a CA bundle that lacks one issuer is pushed to one distribution. */
  rolloutStart: 20_000,
  /** The bad bundle has reached every edge location. */
  rolloutComplete: 30_000,
  /** The egress firewall starts dropping a host with a revoked certificate. */
  revocationStart: 35_000,
  /** SNI errors at the firewall climb (a client release sends no SNI, another a wrong one). */
  sniSurgeStart: 50_000,
  sniSurgeEnd: 140_000,
  /** The bundle is rolled back; untrusted failures fade out. */
  rollbackStart: 120_000,
  rollbackComplete: 135_000,
  revocationEnd: 150_000,
} as const;

/** Where the story is: before the rollout, during it, or while it is rolled back. */
export type StoryPhase = 'steady' | 'rollout' | 'rollback';

/** What the generator should do at one moment of the story. */
export interface StoryState {
  phase: StoryPhase;
  /** Time within the current cycle, ms. */
  cycleMs: number;
  /** 0..1: share of the dropped issuer's clients that now fail with ClientCertUntrusted. */
  untrustedShare: number;
  /** Firewall revocation-check entries per second (REVOKED and UNKNOWN). */
  revocationPerSecond: number;
  /** Firewall TLS error entries per second (missing SNI and mismatches). */
  sniErrorsPerSecond: number;
}

function ramp(t: number, from: number, to: number): number {
  if (t <= from) return 0;
  if (t >= to) return 1;
  return (t - from) / (to - from);
}

/** The story's state at `storyMs` since the demo started (any non-negative time; it loops). */
export function storyAt(storyMs: number): StoryState {
  const cycleMs = ((storyMs % STORY_CYCLE_MS) + STORY_CYCLE_MS) % STORY_CYCLE_MS;
  const m = STORY_MARKS;
  const rising = ramp(cycleMs, m.rolloutStart, m.rolloutComplete);
  const falling = 1 - ramp(cycleMs, m.rollbackStart, m.rollbackComplete);
  const untrustedShare = Math.min(rising, falling);
  const phase: StoryPhase =
    cycleMs < m.rolloutStart ? 'steady' : cycleMs < m.rollbackStart ? 'rollout' : cycleMs < m.rollbackComplete ? 'rollback' : 'steady';
  const revocationPerSecond = cycleMs >= m.revocationStart && cycleMs < m.revocationEnd ? 4 : 0;
  const sniErrorsPerSecond = cycleMs >= m.sniSurgeStart && cycleMs < m.sniSurgeEnd ? 3 : 0.3;
  return { phase, cycleMs, untrustedShare, revocationPerSecond, sniErrorsPerSecond };
}
