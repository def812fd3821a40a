/**
 * Writes what the monitor shows as two files, JSON and text, for the `e` key: the
 * incident record an on-call engineer attaches to a ticket.
 *
 * The export directory may be shared (a bastion's /tmp, a team folder), and the names are
 * predictable, so a neighbour can plant symlinks at the next minutes' names. Each file is
 * therefore created new (`O_CREAT|O_EXCL`, which never follows a symlink) with mode 0600;
 * when a name is taken, the pair moves to a fresh stem (`tlstop-<stamp>-2`, `-3`, ...).
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { FILTER_IN_EXPORT, filterText } from '../aggregation/filter-text.js';
import type { Snapshot } from '../aggregation/types.js';
import type { SourceStatus } from '../sources/types.js';
import { terminalSafeJson } from './event-line.js';
import { documentFromSnapshot } from './report-document.js';
import { formatReportText } from './report-text.js';

/** File-name-safe UTC stamp: 20261124T063000Z. */
function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** How many stems are tried (`tlstop-<stamp>`, `-2` ... `-100`) before giving up. */
const MAX_STEMS = 100;

function isEexist(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'EEXIST';
}

/** Create `path` new and private, or resolve null when something (a file, a symlink) is there. */
async function createNew(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if (isEexist(error)) return null;
    throw error;
  }
}

/** Remove `path` only if it is still the file `handle` created (never a file someone put there since). */
async function removeOwn(path: string, handle: FileHandle): Promise<void> {
  try {
    const [own, there] = await Promise.all([handle.stat(), lstat(path)]);
    if (own.ino === there.ino && own.dev === there.dev) await unlink(path);
  } catch {
    // already gone
  }
}

/** Two new files `<stem>.json` and `<stem>.txt` on the first stem where both names are free. */
async function createPair(dir: string, stamp: string): Promise<{ jsonPath: string; textPath: string; json: FileHandle; text: FileHandle }> {
  for (let n = 1; n <= MAX_STEMS; n++) {
    const base = join(dir, `tlstop-${stamp}${n === 1 ? '' : `-${n}`}`);
    const jsonPath = `${base}.json`;
    const textPath = `${base}.txt`;
    const json = await createNew(jsonPath);
    if (!json) continue;
    let text: FileHandle | null;
    try {
      text = await createNew(textPath);
    } catch (error) {
      await removeOwn(jsonPath, json);
      await json.close();
      throw error;
    }
    if (!text) {
      await removeOwn(jsonPath, json);
      await json.close();
      continue;
    }
    return { jsonPath, textPath, json, text };
  }
  throw new Error(`every name from tlstop-${stamp}.json to tlstop-${stamp}-${MAX_STEMS}.json is taken in ${dir}`);
}

/**
 * Write `tlstop-<stamp>.json` and `.txt` into `dir` (created 0700 when missing), as new
 * 0600 files, on a fresh stem (`tlstop-<stamp>-2`, ...) when a name is taken; resolves
 * with the two paths written.
 */
export async function writeSnapshotExport(
  snapshot: Snapshot,
  dir: string,
  statuses: SourceStatus[] = [],
): Promise<{ jsonPath: string; textPath: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const document = documentFromSnapshot(snapshot);
  const json = {
    exportedAt: new Date(snapshot.nowMs).toISOString(),
    window: snapshot.window,
    filter: snapshot.filter,
    sources: statuses,
    mark: snapshot.mark,
    report: document,
    snapshot,
  };
  const filter = filterText(snapshot.filter, FILTER_IN_EXPORT);
  const inputs = `window ${Math.round(snapshot.window.durationMs / 60_000)}m ending ${new Date(snapshot.window.endMs).toISOString()}${filter ? `; filter: ${filter}` : ''}`;
  const jsonBody = terminalSafeJson(json) + '\n';
  const textBody = formatReportText(document, { inputs });
  const pair = await createPair(dir, stamp(snapshot.nowMs));
  try {
    await pair.json.writeFile(jsonBody);
    await pair.text.writeFile(textBody);
  } catch (error) {
    // A half-written export is worse than none (a full disk, say): remove both, say why.
    await removeOwn(pair.jsonPath, pair.json);
    await removeOwn(pair.textPath, pair.text);
    throw error;
  } finally {
    await Promise.allSettled([pair.json.close(), pair.text.close()]);
  }
  return { jsonPath: pair.jsonPath, textPath: pair.textPath };
}
