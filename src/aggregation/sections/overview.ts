/** The overview section: the frame's time and window, events per second, sampling, and what was left out. */
import type { Overview } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** The header's figures of a view. */
export function selectOverview(v: ViewContext): Overview {
  const { policy, counters } = v.inputs;
  const { malformed, late, excluded } = counters();
  const idleStepMs = policy.idleStepMs?.() ?? null;
  return {
    version: v.version,
    nowMs: v.nowMs,
    window: {
      durationMs: v.durationMs,
      startMs: v.startMs,
      endMs: v.nowMs,
      bucketMs: v.step,
      ...(idleStepMs !== null && { idleStepMs }),
    },
    filter: v.filter,
    eventsPerSec: policy.eventsPerSec(v.nowMs, v),
    sampled: policy.sampled(v.startMs, v.nowMs),
    malformed,
    late,
    excluded,
  };
}
