/**
 * End to end: the real `tlstop --demo` in a real terminal under tmux. Filters to one
 * distribution with the keyboard, validates the demo's digest chain, quits, and checks
 * the terminal is restored; feeds a log line carrying escape sequences and checks they
 * neither retitle nor clear the pane.
 */
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DISTRIBUTIONS } from '../../src/sources/demo/cast.js';
import { DEMO_FILE_NAMES } from '../../src/sources/demo/start-demo.js';
import { ensureBuilt, REPO, TERMINAL_WAIT, TmuxSession } from './tmux-driver.js';
import { describeWithTool } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';

/** The command under test; TLSTOP_E2E_COMMAND points the test at another build (an installed tlstop). */
const COMMAND = process.env['TLSTOP_E2E_COMMAND'] ?? 'node bin/tlstop.js --demo';
const TITLE = 'e2e-title';
const MARKER = 'BEFORE-TLSTOP-MARKER';
const PICKED = 'E27XN4W0HT5B8C';
const EVIL_ID = 'EVIL\u001b]0;pwned\u0007';
/** What the Distributions pane can show of it in a narrow column: escaped, never raw. */
const EVIL_ID_SHOWN = 'EVIL\\x1b]';

/** Newest file under `dir` (any depth) with this name, or null. */
async function findFile(dir: string, name: string): Promise<string | null> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && entry.name === name) return join(entry.parentPath, entry.name);
  }
  return null;
}

describeWithTool('tmux', 'tlstop --demo in tmux', () => {
  const socket = `tlstop-e2e-${process.pid}-${Date.now().toString(36)}`;
  let tmp = '';
  let session: TmuxSession;

  beforeAll(async () => {
    await ensureBuilt();
    tmp = await mkdtemp(join(tmpdir(), 'tlstop-e2e-'));
    // The demo makes its temporary directory under TMPDIR: this lets the test find its log files.
    session = new TmuxSession({ socket, width: 120, height: 40, cwd: REPO, env: { TMPDIR: tmp, NO_UPDATE_NOTIFIER: '1' } });
    await session.start();
    await session.tmux('select-pane', '-t', 'e2e', '-T', TITLE);
  }, 180_000);

  afterAll(async () => {
    await session?.kill();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('detects a title change at all (control: a raw OSC sequence does retitle the pane)', async () => {
    const control = new TmuxSession({ socket: `${socket}-control`, width: 80, height: 10, cwd: REPO });
    await control.start();
    try {
      await control.tmux('select-pane', '-t', 'e2e', '-T', TITLE);
      await control.type(`printf '\\033]0;pwned\\007'; echo CONTROL-DONE`, true);
      await control.waitForScreen((s) => /^CONTROL-DONE/m.test(s), 'the control printf');
      expect(await control.format('#{pane_title}')).toBe('pwned');
    } finally {
      await control.kill();
    }
  });

  it('shows the demo, filters to one distribution, ignores hostile escapes, validates the chain, and restores the terminal on q', async () => {
    await session.type(`echo ${MARKER}`, true);
    await session.waitForScreen((s) => new RegExp(`^${MARKER}$`, 'm').test(s), 'the marker line');

    // The exit status is printed by the same command line: nothing is typed while tlstop shuts down.
    await session.type(`${COMMAND}; echo EXIT=$?`, true);
    const live = await session.waitForScreen(
      (s) => !s.includes(MARKER) && DISTRIBUTIONS.filter((d) => s.includes(d.distributionId)).length >= 3 && /filter: none/.test(s),
      'the monitor to show distributions',
      30_000,
    );
    expect(live).toMatch(/tlstop/);
    expect(await session.format('#{alternate_on}')).toBe('1');

    // Hostile input: a record whose distribution id and SNI carry an OSC title change and a screen clear.
    const logFile = await waitFor(() => findFile(tmp, DEMO_FILE_NAMES.connectionsJson), 'the demo log file under TMPDIR', TERMINAL_WAIT);
    const now = Date.now();
    let lastScreen = '';
    const evil = (i: number): string =>
      JSON.stringify({
        eventTimestamp: now + i,
        connectionId: `e2e-hostile-${i}==`,
        connectionStatus: 'Failed:ClientCertUntrusted',
        clientIp: '203.0.113.99',
        distributionId: EVIL_ID,
        tlsHandshakeDuration: 20,
        tlsSni: '\u001b]0;pwned\u0007\u001b[2Jevil.example.com',
        clientLeafCertSubject: 'CN=\u001b]2;pwned-too\u0007\u001b[2J',
      });
    // Enough failures that the row sorts to the top of the Distributions pane (sorted by failures).
    await appendFile(logFile, Array.from({ length: 300 }, (_, i) => evil(i)).join('\n') + '\n');
    const shown = await waitFor(
      async () => {
        const title = await session.format('#{pane_title}');
        if (title !== TITLE) throw new Error(`a log line changed the pane title to "${title}"`);
        const screen = await session.screen();
        lastScreen = screen;
        return screen.includes(EVIL_ID_SHOWN) ? screen : null;
      },
      'the hostile distribution id, shown escaped',
      { ...TERMINAL_WAIT, observe: () => lastScreen },
    );
    expect(shown).toMatch(/filter: none/); // the frame is still there: nothing cleared the screen
    expect(await session.format('#{pane_title}')).toBe(TITLE);

    // d opens the picker; type to narrow, Space selects, Enter applies.
    await session.keys('d');
    await session.waitForScreen((s) => /select|Space/i.test(s) && s.includes(PICKED), 'the distribution picker');
    await session.type(PICKED.slice(0, 6));
    await session.keys('Space');
    await session.keys('Enter');
    const filtered = await session.waitForScreen(
      (s) => s.includes(`dist ${PICKED}`) && DISTRIBUTIONS.every((d) => d.distributionId === PICKED || !s.includes(d.distributionId)),
      'the header to show the filter and the table to show only the picked distribution',
    );
    expect(filtered).toContain(PICKED);
    expect(filtered).not.toContain(EVIL_ID_SHOWN);

    // v validates the demo's locally signed digest chain: one log file was tampered with.
    await session.keys('v');
    await session.waitForScreen((s) => /INVALID: digests 0\s+logs 1\b/.test(s), 'the digest validation to find the tampered log file');

    await session.keys('q');
    const after = await session.waitForScreen(
      (s) => s.includes(MARKER) && /^EXIT=0$/m.test(s) && !/filter: /.test(s),
      'tlstop to exit with status 0 and the shell screen to come back',
    );
    expect(after).toMatch(new RegExp(`^${MARKER}$`, 'm'));
    await waitFor(
      async () => (await session.format('#{pane_current_command}')) === 'bash',
      'the shell to be in the foreground',
      TERMINAL_WAIT,
    );
    expect(await session.format('#{alternate_on}')).toBe('0');
    expect(await session.format('#{cursor_flag}')).toBe('1');
    expect(await session.format('#{pane_title}')).toBe(TITLE);
    // Raw mode is gone: the line discipline echoes and reads lines again.
    await session.type('stty -a | tr " " "\\n" | grep -E "^-?(icanon|echo)$" | tr "\\n" " "; echo', true);
    await session.waitForScreen((s) => /^icanon echo\s*$/m.test(s), 'stty to show icanon and echo on');
  }, 120_000);
});
