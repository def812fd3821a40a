/**
 * Finds the rotated copies next to a followed file (`app.log.1`, `app.log.2.gz`,
 * `app.log-20261124`) as they are on disk now, for a tailer that noticed a rotation or a
 * truncation and must read what went into files it never had open: a busy writer with a
 * small size limit can create a file, fill it and rename it away between two looks.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { looksRotated, rotatedSiblingOf } from './rotated-names.js';

/** One rotated copy on disk. */
export interface RotatedSibling {
  path: string;
  stats: Stats;
  /** See {@link fileIdentity}. */
  identity: string;
}

/**
 * Names one file for as long as it exists, across renames: device, inode and birth time
 * (so an inode number reused by a new file is a new identity where the file system
 * records birth times; elsewhere the birth time is 0 and the identity is device and inode).
 */
export function fileIdentity(stats: Pick<Stats, 'dev' | 'ino' | 'birthtimeMs'>): string {
  return `${stats.dev}:${stats.ino}:${stats.birthtimeMs}`;
}

/**
 * Regular files in `path`'s directory named as rotated copies of it, oldest first;
 * `raced` when a listed name was gone before it could be looked at (renamed meanwhile).
 */
export async function listRotatedSiblings(path: string): Promise<{ siblings: RotatedSibling[]; raced: boolean }> {
  const dir = dirname(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { siblings: [], raced: false };
  }
  let raced = false;
  const found: RotatedSibling[] = [];
  for (const name of names) {
    const candidate = join(dir, name);
    if (rotatedSiblingOf(candidate, [path]) === undefined) continue;
    try {
      const stats = await stat(candidate);
      if (stats.isFile()) found.push({ path: candidate, stats, identity: fileIdentity(stats) });
    } catch {
      raced = true;
    }
  }
  // Oldest content first; among equal times the higher rotation number is older (`.2` before `.1`).
  found.sort((a, b) => a.stats.mtimeMs - b.stats.mtimeMs || rotationRank(b.path, path) - rotationRank(a.path, path));
  return { siblings: found, raced };
}

function rotationRank(sibling: string, original: string): number {
  const digits = /\d+/.exec(basename(sibling).slice(basename(original).length));
  return digits ? Number(digits[0]) : 0;
}

/**
 * The identities of the rotated copies present when following began, per directory, so a
 * tailer leaves history alone and reads only copies that appeared since. One listing per
 * directory serves every tailer in it.
 */
export class SiblingBaseline {
  private readonly byDir = new Map<string, Promise<Set<string>>>();

  /** Identities of the rotated-looking files in `path`'s directory when first asked about it. */
  identitiesNear(path: string): Promise<Set<string>> {
    const dir = dirname(path);
    let listing = this.byDir.get(dir);
    if (!listing) {
      listing = listIdentities(dir);
      this.byDir.set(dir, listing);
    }
    return listing;
  }
}

async function listIdentities(dir: string): Promise<Set<string>> {
  const identities = new Set<string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return identities;
  }
  for (const name of names) {
    if (!looksRotated(name)) continue;
    try {
      identities.add(fileIdentity(await stat(join(dir, name))));
    } catch {
      // gone already
    }
  }
  return identities;
}
