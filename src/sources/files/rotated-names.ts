/**
 * Recognises rotated copies by name (`app.log.1`, `app.log.2.gz`, `app.log-20261124`)
 * next to the file they were rotated from. Pure.
 */
import { basename, dirname } from 'node:path';

/** What logrotate and friends append: `.1`, `.1.gz`, `-20261124`, `.2026-11-24`, `.old`. */
const ROTATION_SUFFIX = /^(?:[.\-_]\d[\d\-_T:.]*|\.old|\.bak)(?:\.gz)?$/;

/** True when a file name ends like a rotated copy of some other name. */
export function looksRotated(name: string): boolean {
  return ROTATED_TAIL.test(name);
}
const ROTATED_TAIL = /(?:[.\-_]\d[\d\-_T:.]*|\.old|\.bak)(?:\.gz)?$/;

/** The path among `others` that `path` is a rotated copy of, by name, in the same directory. */
export function rotatedSiblingOf(path: string, others: Iterable<string>): string | undefined {
  const dir = dirname(path);
  const name = basename(path);
  for (const other of others) {
    if (other === path || dirname(other) !== dir) continue;
    const base = basename(other);
    if (name.startsWith(base) && ROTATION_SUFFIX.test(name.slice(base.length))) return other;
  }
  return undefined;
}
