/**
 * Merged top tables of a window, per table: merging every slice of a 15-minute window
 * is the costliest part of a view, so a merged table is reused for up to `refreshMs`
 * (the live store's `topsRefreshMs`, default 1 s; 0 in whole-span mode) while the query
 * and the set of groups stay the same. Each table is merged only when a section reads it.
 */
import { mergeTable, topEntries, undercountBound } from './top-summary.js';
import { FIREWALL_TABLES, type TableName } from './top-tables.js';
import type { TopEntry } from './types.js';
import type { ViewContext } from './view-context.js';

/** One merged table, ranked by count and (subjects, issuers) by failures. */
export interface RankedTable {
  byCount: TopEntry[];
  /** Empty for tables nobody ranks by failures. */
  byFailures: TopEntry[];
  /** How far below the truth any count (or failure count) may be; 0: exact. */
  undercount: number;
}

const RANKED_BY_FAILURES: ReadonlySet<TableName> = new Set<TableName>(['subjects', 'issuers']);
const FIREWALL: ReadonlySet<TableName> = new Set<TableName>(FIREWALL_TABLES);

/** Merged tables with their refresh time; see the module comment. */
export class TopTablesCache {
  private readonly tables = new Map<TableName, { key: string; atMs: number; value: RankedTable }>();

  constructor(private readonly refreshMs: number) {}

  /** Table `name` merged over the window of `v`, filtered like `v`. */
  get(v: ViewContext, name: TableName): RankedTable {
    const { groups, kinds, policy, topN } = v.inputs;
    const key = JSON.stringify([v.filter, v.durationMs, groups.size]);
    const hit = this.tables.get(name);
    if (hit !== undefined && hit.key === key && v.nowMs - hit.atMs < this.refreshMs && v.nowMs >= hit.atMs) return hit.value;
    const slices = policy.timeline.topsIn(v.startMs, v.endMs, v.nowMs);
    // Firewall entries have no distribution or status: only the text filter applies to them.
    const merged = FIREWALL.has(name)
      ? mergeTable(
          slices,
          name,
          null,
          kinds.kinds.map((k) => k.failed),
          v.needle,
        )
      : mergeTable(slices, name, v.accept, groups.failed, v.needle);
    const value: RankedTable = {
      byCount: topEntries(merged, topN),
      byFailures: RANKED_BY_FAILURES.has(name) ? topEntries(merged, topN, 'failures') : [],
      undercount: undercountBound(slices, name, merged),
    };
    this.tables.set(name, { key, atMs: v.nowMs, value });
    return value;
  }
}
