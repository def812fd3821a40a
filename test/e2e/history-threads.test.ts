/**
 * End to end, history on parse threads: the real monitor under tmux reads a file of
 * 20,000 CloudFront JSON lines `--from-start` with one parse thread and with none, and
 * shows the same totals both ways (the threads change the time, never the picture).
 * Then the same minute-old lines come slowly, appended over 5 s: the monitor's clock
 * must not close the seconds they are about to fill (none counted out of time order).
 * And a log directory with rotated copies read `--from-start`: the copies come first,
 * merged by time, then the live file (none out of time order either).
 */
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeWithTool } from '../helpers/tools.js';
import { ensureBuilt, REPO, TmuxSession } from './tmux-driver.js';

const COMMAND = process.env['TLSTOP_E2E_COMMAND'] ?? 'node bin/tlstop.js';
const LINES = 20_000;

function logLines(nowMs: number): string {
  return `${logLineList(nowMs).join('\n')}\n`;
}

function logLineList(nowMs: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    lines.push(
      JSON.stringify({
        eventTimestamp: nowMs - 60_000 + Math.floor((i * 50_000) / LINES),
        connectionId: `c${i}`,
        connectionStatus: i % 10 === 0 ? 'Failed:ClientCertUntrusted' : 'Success',
        clientIp: `198.51.100.${i % 250}`,
        distributionId: `E${i % 4}HISTORY`,
        tlsHandshakeDuration: 5 + (i % 90),
        clientLeafCertIssuer: 'CN=Partner CA G1',
      }),
    );
  }
  return lines;
}

describeWithTool('tmux', 'the monitor reading history on parse threads', () => {
  const socket = `tlstop-e2e-history-${process.pid}-${Date.now().toString(36)}`;
  let tmp = '';
  let file = '';
  let session: TmuxSession;

  beforeAll(async () => {
    await ensureBuilt();
    tmp = await mkdtemp(join(tmpdir(), 'tlstop-e2e-history-'));
    file = join(tmp, 'connections.log');
    await writeFile(file, logLines(Date.now()), { mode: 0o600 });
    session = new TmuxSession({ socket, width: 200, height: 50, cwd: REPO, env: { TMPDIR: tmp, NO_UPDATE_NOTIFIER: '1' } });
    await session.start();
  }, 180_000);

  // A failed test leaves its monitor running: quit it so the next test gets the prompt.
  afterEach(async () => {
    if (!(await session.screen()).includes('attempts/s')) return;
    await session.keys('q');
    await session.waitForScreen((s) => !s.includes('attempts/s'), 'the monitor to quit');
  });

  afterAll(async () => {
    await session?.kill();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('analyses minute-old lines that come slowly, none of them out of time order', async () => {
    const slow = join(tmp, 'slow.log');
    await writeFile(slow, '', { mode: 0o600 });
    await session.type(`${COMMAND} --file ${slow}`, true);
    await session.waitForScreen((s) => /slow\.log connected/.test(s), 'the monitor following the empty file', 60_000);
    const lines = logLineList(Date.now());
    const chunks = 10;
    for (let i = 0; i < chunks; i++) {
      const part = lines.slice((i * lines.length) / chunks, ((i + 1) * lines.length) / chunks);
      await appendFile(slow, `${part.join('\n')}\n`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const screen = await session.waitForScreen((s) => /total 20,000/.test(s), 'the totals of every appended line', 60_000);
    expect(screen).toMatch(/failed 2,000/);
    expect(screen).not.toMatch(/out of time order/);
  }, 90_000);

  it('reads a file and its rotated copies oldest first, none of them out of time order', async () => {
    const logs = join(tmp, 'rotated');
    await mkdir(logs, { mode: 0o700 });
    // cf.log.3 holds the oldest quarter of the lines, cf.log (the live file) the newest.
    const lines = logLineList(Date.now());
    const names = ['cf.log.3', 'cf.log.2', 'cf.log.1', 'cf.log'];
    for (const [k, name] of names.entries()) {
      const part = lines.slice((k * lines.length) / names.length, ((k + 1) * lines.length) / names.length);
      await writeFile(join(logs, name), `${part.join('\n')}\n`, { mode: 0o600 });
    }
    await session.type(`${COMMAND} --file ${logs} --from-start`, true);
    const screen = await session.waitForScreen((s) => /total 20,000/.test(s), 'the totals of the live file and its copies', 60_000);
    expect(screen).toMatch(/failed 2,000/);
    expect(screen).not.toMatch(/out of time order/);
  }, 90_000);

  for (const threads of [1, 0]) {
    it(`shows every line of the file with --parse-threads ${threads}`, async () => {
      await session.type(`${COMMAND} --file ${file} --from-start --parse-threads ${threads}`, true);
      const screen = await session.waitForScreen((s) => /total 20,000/.test(s), 'the totals of the whole file', 60_000);
      expect(screen).toMatch(/failed 2,000/);
      // Every line came at once: none held back long enough to count as late for the detector.
      expect(screen).not.toMatch(/out of time order/);
      expect(screen).not.toMatch(/parse threads/);
    }, 90_000);
  }
});
