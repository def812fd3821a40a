/**
 * The title of a top table (Misra-Gries, frequent-items.ts) on screen. Never a partial
 * picture silently: once the table pruned (more distinct values passed than it keeps),
 * its counts may be below the truth, and the title says by how much, in the longest form
 * that fits in `width` columns.
 */
import { fmtCount } from '../format.js';

export function boundedTitle(title: string, undercount: number, width: number): string {
  if (undercount <= 0) return title;
  return [`${title} (counts up to ${fmtCount(undercount)} low)`, `${title} (counts low)`].find((t) => t.length < width) ?? title;
}
