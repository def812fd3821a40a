/**
 * The SNI a distribution is known by, from the change detector's attribute baseline (the
 * logs, no API call). A look-up scans a few small tables, which adds up over a thousand
 * rows every frame, and the answer is a slowly decaying "most seen lately": so each
 * answer is kept for {@link SNI_REFRESH_MS} of clock time.
 */
import type { ChangeDetector } from './changes/change-detector.js';

/** How long a distribution's SNI is reused before it is looked up again. */
export const SNI_REFRESH_MS = 10_000;
/** Distribution ids remembered per detector (the registry caps distributions at about as many). */
const MAX_REMEMBERED = 4096;

const memos = new WeakMap<ChangeDetector, Map<string, { sni: string | null; atMs: number }>>();

/** The SNI most seen per distribution id at `nowMs`; null when none was logged (or the detector does not follow it). */
export function sniLookup(detector: ChangeDetector, nowMs: number): (distributionId: string) => string | null {
  let memo = memos.get(detector);
  if (memo === undefined || memo.size > MAX_REMEMBERED) memos.set(detector, (memo = new Map()));
  const known = memo;
  return (distributionId) => {
    const hit = known.get(distributionId);
    // A clock that went back (a test, a report) also looks again.
    if (hit !== undefined && nowMs >= hit.atMs && nowMs - hit.atMs < SNI_REFRESH_MS) return hit.sni;
    const sni = detector.mostSeen(distributionId, 'sni');
    known.set(distributionId, { sni, atMs: nowMs });
    return sni;
  };
}
