/** What /proc says about another process, for the benches that run the real monitor (Linux only). */
import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/PID/stat (USER_HZ on Linux). */
const CLOCK_TICKS = 100;

/** User + system CPU seconds process `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
