/**
 * Writes what the monitor shows as two files, JSON and text, for the `e` key: the
 * incident record an on-call engineer attaches to a ticket.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../aggregation/types.js';
import type { SourceStatus } from '../sources/types.js';
import { terminalSafeJson } from './event-line.js';
import { documentFromSnapshot } from './report-document.js';
import { formatReportText } from './report-text.js';

/** File-name-safe UTC stamp: 20261124T063000Z. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Write `tlstop-<stamp>.json` and `.txt` into `dir`; resolves with both paths. */
export async function writeSnapshotExport(
  snapshot: Snapshot,
  dir: string,
  statuses: SourceStatus[] = [],
): Promise<{ jsonPath: string; textPath: string }> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `tlstop-${stamp(snapshot.nowMs)}`);
  const jsonPath = `${base}.json`;
  const textPath = `${base}.txt`;
  const document = documentFromSnapshot(snapshot);
  const json = { exportedAt: new Date(snapshot.nowMs).toISOString(), window: snapshot.window, filter: snapshot.filter, sources: statuses, mark: snapshot.mark, report: document, snapshot };
  const filterText = [
    snapshot.filter.distributions.length ? `distributions ${snapshot.filter.distributions.join(', ')}` : '',
    snapshot.filter.tenants.length ? `tenants ${snapshot.filter.tenants.join(', ')}` : '',
    snapshot.filter.statuses.length ? `status ${snapshot.filter.statuses.join(', ')}` : '',
    snapshot.filter.text ? `text "${snapshot.filter.text}"` : '',
  ].filter(Boolean).join('; ');
  const inputs = `window ${Math.round(snapshot.window.durationMs / 60_000)}m ending ${new Date(snapshot.window.endMs).toISOString()}${filterText ? `; filter: ${filterText}` : ''}`;
  await writeFile(jsonPath, terminalSafeJson(json) + '\n');
  await writeFile(textPath, formatReportText(document, { inputs }));
  return { jsonPath, textPath };
}
