import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../src/sources/demo/start-demo.js';
import { BAD_CA_DISTRIBUTION } from '../../src/sources/demo/cast.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: string[] = [];
const controllers: AbortController[] = [];
const running: DemoHandle[] = [];

afterEach(async () => {
  for (const controller of controllers.splice(0)) controller.abort();
  // Let each write loop finish its last write before its directory goes.
  for (const handle of running.splice(0)) await handle.done;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The demo's writers run on real timers: wait up to 15 s, every 20 ms. */
const DEMO_WAIT = { timeoutMs: 15_000, intervalMs: 20 };

/** A clock that moves `stepMs` further each time it is read. */
function steppingClock(startMs: number, stepMs: number): () => number {
  let t = startMs;
  return () => {
    const now = t;
    t += stepMs;
    return now;
  };
}

/**
 * Stops the writer and waits for its last append: a read racing a multi-page append can
 * see the file grown by part of it (the tailer copes; an exact check on contents cannot).
 */
async function stop(handle: DemoHandle, controller: AbortController): Promise<void> {
  controller.abort();
  await handle.done;
}

async function start(extra: Partial<Parameters<typeof startDemo>[0]> = {}): Promise<{ handle: DemoHandle; controller: AbortController }> {
  const dir = await mkdtemp(join(tmpdir(), 'tlstop-demo-test-'));
  dirs.push(dir);
  const controller = new AbortController();
  controllers.push(controller);
  const handle = await startDemo({ dir, signal: controller.signal, tickMs: 2, seed: 3, chain: false, ...extra });
  running.push(handle);
  return { handle, controller };
}

describe('startDemo', () => {
  it('creates three empty log files, then appends whole lines to them', async () => {
    // Large rotateBytes: a rotation just before the read would leave the current file empty.
    const { handle, controller } = await start({
      now: steppingClock(Date.parse('2026-11-24T07:00:00Z'), 500),
      rate: 100,
      rotateBytes: 1024 * 1024 * 1024,
    });
    expect(handle.files).toHaveLength(3);
    expect(handle.files.every((file) => file.startsWith(handle.logDir))).toBe(true);
    const sizes = async (): Promise<number[]> => Promise.all(handle.files.map(async (file) => (await stat(file)).size));
    await waitFor(async () => (await sizes()).every((size) => size > 0), 'every demo file to have content', DEMO_WAIT);
    await stop(handle, controller);
    const w3c = await readFile(handle.paths.connectionsW3c, 'utf8');
    expect(w3c.startsWith('#Version: 1.0\n#Fields: eventTimestamp ')).toBe(true);
    const json = await readFile(handle.paths.connectionsJson, 'utf8');
    expect(json.endsWith('\n')).toBe(true);
    expect(handle.linesWritten()).toBeGreaterThan(0);
  });

  it('follows the injected clock and speed through the story', async () => {
    const { handle, controller } = await start({ now: steppingClock(0, 1000), speed: 2, rate: 50, hostile: false });
    await waitFor(() => handle.story().phase === 'rollout' && handle.story().untrustedShare > 0.8, 'the rollout phase, mostly untrusted', {
      ...DEMO_WAIT,
      observe: () => handle.story(),
    });
    // The story moves before its lines are appended: stop, so the last tick's lines are on disk.
    await stop(handle, controller);
    const json = await readFile(handle.paths.connectionsJson, 'utf8');
    expect(json).toContain(`"distributionId":"${BAD_CA_DISTRIBUTION}"`);
    expect(json).toContain('Failed:ClientCertUntrusted');
  });

  it('rotates a full file by rename-and-create, keeping one generation', async () => {
    const { handle, controller } = await start({ now: steppingClock(0, 200), rate: 200, rotateBytes: 32 * 1024 });
    await waitFor(() => handle.rotations() >= 3, 'three rotations', { ...DEMO_WAIT, observe: () => handle.rotations() });
    await waitFor(
      async () => (await readFile(`${handle.paths.connectionsW3c}.1`, 'utf8').catch(() => '')) !== '',
      'the rotated W3C file to have content',
      DEMO_WAIT,
    );
    // Between rotate's rename and its create the current file does not exist: stop first.
    await stop(handle, controller);
    const rotated = await readFile(`${handle.paths.connectionsJson}.1`, 'utf8');
    expect(rotated.length).toBeGreaterThan(32 * 1024 - 2048);
    expect(rotated.endsWith('\n')).toBe(true);
    const w3cRotated = await readFile(`${handle.paths.connectionsW3c}.1`, 'utf8');
    expect(w3cRotated.startsWith('#Version: 1.0\n#Fields: ')).toBe(true);
    const w3cCurrent = await readFile(handle.paths.connectionsW3c, 'utf8');
    expect(w3cCurrent.startsWith('#Version: 1.0\n#Fields: ')).toBe(true);
  });

  it('writes the signed digest chain under <dir>/cloudtrail, apart from the log files', async () => {
    const { handle } = await start({ chain: true, rate: 10 });
    expect(handle.chain).not.toBeNull();
    expect(handle.chain!.localDir.startsWith(join(handle.dir, 'cloudtrail'))).toBe(true);
    expect(handle.chain!.tamperedUri).toMatch(/^s3:\/\/tlstop-demo-cloudtrail\/AWSLogs\/111122223333\/CloudTrail\//);
    expect(JSON.parse(await readFile(handle.chain!.publicKeysPath, 'utf8'))).toHaveProperty('PublicKeyList');
    expect(handle.logDir.startsWith(join(handle.dir, 'cloudtrail'))).toBe(false);
  });

  it('stops writing once the signal aborts', async () => {
    const { handle, controller } = await start({ now: steppingClock(0, 300), rate: 100 });
    await waitFor(() => handle.linesWritten() > 0, 'a first line written', DEMO_WAIT);
    await stop(handle, controller);
    const written = handle.linesWritten();
    const size = (await stat(handle.paths.connectionsJson)).size;
    // `done` resolved: the write loop has returned and holds no timer, so nothing can follow.
    expect(handle.linesWritten()).toBe(written);
    expect((await stat(handle.paths.connectionsJson)).size).toBe(size);
  });
});

describe('startDemo after a suspend', () => {
  it('skips a long gap of story time instead of writing it all at once', async () => {
    let t = 0;
    const { handle } = await start({ now: () => t, rate: 100, hostile: false });
    t = 3_600_000; // the clock jumps an hour
    await waitFor(() => handle.linesWritten() > 0, 'a first line written', DEMO_WAIT);
    // At most the catch-up window (30 s at 100/s, plus the firewall's few per second) was written.
    expect(handle.linesWritten()).toBeLessThan(30 * 100 + 30 * 10);
    expect(handle.story().cycleMs).toBe(3_600_000 % 180_000);
  });
});
