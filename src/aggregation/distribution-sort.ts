/** The orders of the Distributions rows (the `o` key cycles them); every order is total, so ties never flicker. */
import { rowSortKey } from './snapshot-parts.js';
import type { DistributionRow, DistributionSort } from './types.js';

type Compare = (a: DistributionRow, b: DistributionRow) => number;

const byKey: Compare = (a, b) => {
  const ka = rowSortKey(a);
  const kb = rowSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
const byFailures: Compare = (a, b) => b.failures - a.failures;
const byAttempts: Compare = (a, b) => b.attempts - a.attempts;
// Rows without a p99 (no samples, or beyond the busiest rows that get percentiles) go last.
const byP99: Compare = (a, b) => {
  const x = a.handshakeMs.p99;
  const y = b.handshakeMs.p99;
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return y - x;
};

function chain(...compares: Compare[]): Compare {
  return (a, b) => {
    for (const c of compares) {
      const d = c(a, b);
      if (d !== 0) return d;
    }
    return 0;
  };
}

const ORDERS: Record<DistributionSort, Compare> = {
  impact: chain((a, b) => b.impact - a.impact, byFailures, byAttempts, byKey),
  failures: chain(byFailures, byAttempts, byKey),
  attempts: chain(byAttempts, byFailures, byKey),
  failRate: chain((a, b) => b.failureRate - a.failureRate, byFailures, byAttempts, byKey),
  p99: chain(byP99, byFailures, byAttempts, byKey),
  // Id, then tenant: the row key is exactly that (a distribution's rows stay together, tenant-less first).
  name: byKey,
};

/** `rows` sorted in place by `sort`, largest first (name: A to Z); returns `rows`. */
export function sortDistributionRows(rows: DistributionRow[], sort: DistributionSort): DistributionRow[] {
  return rows.sort(ORDERS[sort] ?? ORDERS.impact);
}
