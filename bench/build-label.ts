/** The short commit of an older build's checkout (TLSTOP_BENCH_BEFORE), for the tables that compare with it. */
import { spawnSync } from 'node:child_process';

export function commitOf(dir: string): string {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : (process.env.TLSTOP_BENCH_BEFORE_LABEL ?? dir);
}
