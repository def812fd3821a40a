/**
 * Starts `moto_server` (the AWS API emulator) on 127.0.0.1 and a free port for a test
 * file, and stops it afterwards. A test that needs it runs under
 * `describeWithTool('moto_server', …)` (test/helpers/tools.ts), which skips it, saying why,
 * when moto_server is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tool } from './tools.js';
import { waitFor } from './wait-for.js';

/** Whether moto_server runs here, for code outside a test (bench/validate.bench.ts); tests use `describeWithTool`. */
export function motoAvailable(): boolean {
  return tool('moto_server').available;
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

/** Start moto_server (on `port`, or a free one) and wait until it answers. */
export async function startMoto(port?: number): Promise<MotoServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
      try {
        const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
        return response.status < 500;
      } catch {
        return false; // not up yet
      }
    },
    `moto_server to answer on ${endpoint}`,
    { timeoutMs: 30_000, intervalMs: 150, observe: () => stderr },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
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
