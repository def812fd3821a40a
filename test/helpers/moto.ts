/**
 * Starts `moto_server` (the AWS API emulator) on 127.0.0.1 and a free port for a test
 * file, and stops it afterwards. When moto_server is not installed the caller skips,
 * with a message that says so: see `motoAvailable()` / `MOTO_MISSING`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const MOTO_MISSING = 'moto_server is not installed (pip install "moto[server]"): AWS-emulator tests skipped';

let cachedAvailable: boolean | undefined;

/** True when a `moto_server` executable is on PATH and runs. */
export function motoAvailable(): boolean {
  if (cachedAvailable === undefined) {
    const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 20_000 });
    cachedAvailable = probe.status === 0;
    if (!cachedAvailable) console.warn(`SKIP: ${MOTO_MISSING}`);
  }
  return cachedAvailable;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface MotoServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Start moto_server and wait until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Reset all moto state between tests. */
export async function resetMoto(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
}

/** Static test credentials for SDK clients pointed at moto. */
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
