/** Runs test/fs/read-probe.ts in a child under a timeout; a hang is a failure, not a stuck suite. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./read-probe.ts', import.meta.url));

export type ProbeLine = { path: string; ms: number } & Record<string, unknown>;

/** One line per path, in order; throws when the child timed out or failed. */
export function probe(args: string[], timeoutMs = 20_000): ProbeLine[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.error || child.status !== 0) {
    throw new Error(
      `read probe ${args.join(' ')} did not finish within ${timeoutMs} ms (${child.error?.message ?? `status ${child.status}, signal ${child.signal}`}); stdout so far: ${child.stdout}; stderr: ${child.stderr.slice(0, 2000)}`,
    );
  }
  return child.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeLine);
}
