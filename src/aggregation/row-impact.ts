/**
 * The impact of a distribution row: the excess failures per second of the ongoing
 * changes that concern it, so the Distributions table can put what changed most on top.
 */
import type { Change } from './changes/types.js';

/** A row's impact from the detector's changes: see {@link rowImpact}. */
export type ImpactOf = (distributionId: string, tenantId: string | null) => number;

/**
 * Impact per row, over `changes` (the detector's ranked list): the sum of
 * `excessFailures` of the ongoing changes of the row's distribution that are
 * distribution-wide (tenant null) or of the row's own tenant. Ended changes do not count:
 * the table ranks what is going wrong now. Firewall changes (no distribution) count for
 * no row.
 */
export function rowImpact(changes: readonly Change[]): ImpactOf {
  const byDistribution = new Map<string, Change[]>();
  for (const c of changes) {
    if (c.end !== null || c.distributionId === null) continue;
    const list = byDistribution.get(c.distributionId);
    if (list === undefined) byDistribution.set(c.distributionId, [c]);
    else list.push(c);
  }
  return (distributionId, tenantId) => {
    const list = byDistribution.get(distributionId);
    if (list === undefined) return 0;
    let impact = 0;
    for (const c of list) if (c.tenantId === null || c.tenantId === tenantId) impact += c.excessFailures;
    return impact;
  };
}
