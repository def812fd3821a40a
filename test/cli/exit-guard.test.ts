/**
 * exitWithin: a process whose work is over ends within the guard's time even when a
 * handle keeps the event loop alive, with the exit status already set; and the guard
 * never delays a process that ends by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const GUARD = fileURLToPath(new URL('../../src/cli/exit-guard.ts', import.meta.url));

function runScript(body: string): Promise<{ code: number | null; ms: number; stdout: string }> {
  const script = `import { exitWithin } from ${JSON.stringify(GUARD)};\n${body}`;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started, stdout });
    }),
  );
}

describe.concurrent('exitWithin', () => {
  it("ends a process that a ref'd timer would keep alive for a minute, with process.exitCode", async () => {
    const r = await runScript(`
      setTimeout(() => {}, 60_000);
      process.exitCode = 3;
      process.on('exit', () => process.stdout.write('exit event\\n'));
      exitWithin(300, 0);
    `);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('exit event\n');
    expect(r.ms).toBeLessThan(15_000);
  });

  it('uses its own code when none is set', async () => {
    const r = await runScript(`setInterval(() => {}, 1000); exitWithin(300, 4);`);
    expect(r.code).toBe(4);
  });

  it('does not keep a finished process alive, and can be disarmed', async () => {
    const r = await runScript(`exitWithin(60_000, 5); process.stdout.write('done\\n');`);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(15_000);
    const disarmed = await runScript(
      `const off = exitWithin(200, 6); off(); setTimeout(() => process.stdout.write('still here\\n'), 800);`,
    );
    expect(disarmed.code).toBe(0);
    expect(disarmed.stdout).toBe('still here\n');
  });
});
