/**
 * Runs `follow-child.ts` (and `rotating-writer.ts`) as real processes, so the file source
 * meets real process limits (`ulimit -n`) and a writer that runs truly in parallel.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const FOLLOW_CHILD = fileURLToPath(new URL('./follow-child.ts', import.meta.url));
const ROTATING_WRITER = fileURLToPath(new URL('./rotating-writer.ts', import.meta.url));

/** What the follower child reports when it is done. */
export interface FollowReport {
  received: number;
  distinct: number;
  duplicates: number;
  missing: string[];
  duplicated: string[];
  peakDescriptors: number;
  exhausted: boolean;
  problems: Array<{ id: string; message?: string }>;
  problemCount: number;
  retryMessages: string[];
}

/** A running follower: resolves `ready` once following has begun and `report` at the end. */
export interface Follower {
  ready: Promise<void>;
  report: Promise<FollowReport>;
}

/** Starts following `paths` in a child process, under `ulimit -n <descriptorLimit>` when given. */
export function startFollower(
  paths: string[],
  env: { expectLines: number; deadlineMs: number; descriptorLimit?: number; maxOpenFiles?: number },
): Follower {
  const command = [process.execPath, '--import', 'tsx', FOLLOW_CHILD, ...paths].map(quote).join(' ');
  const script = env.descriptorLimit !== undefined ? `ulimit -n ${env.descriptorLimit} && exec ${command}` : `exec ${command}`;
  const child = spawn('bash', ['-c', script], {
    cwd: REPO,
    env: {
      ...process.env,
      TLSTOP_EXPECT_LINES: String(env.expectLines),
      TLSTOP_DEADLINE_MS: String(env.deadlineMs),
      ...(env.maxOpenFiles !== undefined && { TLSTOP_MAX_OPEN_FILES: String(env.maxOpenFiles) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('{"ready":true}')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const report = new Promise<FollowReport>((resolve, reject) => {
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        const parsed = JSON.parse(last) as FollowReport & { ready?: boolean };
        if (parsed.ready) throw new Error('no report');
        resolve(parsed);
      } catch {
        reject(new Error(`follower exited ${code} without a report:\n${out}\n${err}`));
      }
      markReady();
    });
  });
  return { ready, report };
}

/** Runs the rotating writer to its end; resolves with its counts of rotations. */
export function runRotatingWriter(
  path: string,
  total: number,
  perFile: number,
  perWrite: number,
): Promise<{ renames: number; copytruncates: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ROTATING_WRITER, path, String(total), String(perFile), String(perWrite)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as { renames: number; copytruncates: number }) : reject(new Error(`writer exited ${code}`)),
    );
  });
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
