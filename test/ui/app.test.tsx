import { render as inkTestRender } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ValidationCallbacks, ValidationSummary } from '../../src/digest/types.js';
import type { ValidationRunner } from '../../src/ui/app-props.js';
import { App } from '../../src/ui/components/App.js';
import { expectQuietFor, waitFor } from '../helpers/wait-for.js';
import { distRow, failedConnection, FakeStore, KEYS, makeProps, makeSnapshot, NOW, renderSized, type SizedRender } from './fixtures.js';

const mounted: Array<{ unmount(): void }> = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()?.unmount();
});

function mount(props: ReturnType<typeof makeProps>['props'], columns = 80, rows = 24): SizedRender {
  const r = renderSized(<App {...props} />, columns, rows);
  mounted.push(r.instance);
  return r;
}

const visibleWidth = (line: string) => [...line].length;

describe('screen size', () => {
  it('keeps an 80x24 frame within 23 lines of 80 columns, and re-lays out on resize', async () => {
    const { props } = makeProps();
    const r = mount(props, 80, 24);
    let frame = await r.waitFor((f) => f.includes('tlstop'));
    let lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(80);
    expect(frame).toContain(' Conn │ Changes │ Latency │ Dists');

    r.stdout.resize(200, 50);
    frame = await r.waitFor((f) => f.includes('─ Distributions') && f.includes('─ Latency'));
    lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(49);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(200);
    expect(frame).not.toContain(' Conn │ Latency');

    r.stdout.resize(120, 30);
    frame = await r.waitFor((f) => f.includes('Connections │ Changes │ Latency │ Distributions'));
    expect(frame.split('\n').length).toBeLessThanOrEqual(29);
  });
});

describe('key flows', () => {
  it('cycles focus with Tab / Shift-Tab (ink-testing-library)', async () => {
    const { props } = makeProps();
    const r = inkTestRender(<App {...props} />);
    mounted.push(r);
    const wait = async (s: string) => {
      await waitFor(() => (r.lastFrame() ?? '').includes(s), `the frame to show "${s}"`, {
        timeoutMs: 1500,
        intervalMs: 5,
        observe: r.lastFrame,
      });
      expect(r.lastFrame()).toContain(s);
    };
    await wait('▶ Connections');
    r.stdin.write(KEYS.tab);
    await wait('▶ Changes');
    r.stdin.write(KEYS.tab);
    await wait('▶ Latency');
    r.stdin.write(KEYS.tab);
    await wait('▶ Distributions');
    expect(r.lastFrame()).toContain('↑↓ move  Enter filter to row');
    r.stdin.write(KEYS.shiftTab);
    await wait('▶ Latency');
  });

  it('distribution picker: type to narrow, select several, apply; D clears', async () => {
    const { props, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('d');
    await r.waitFor((f) => f.includes('Filter by distribution'));
    await r.press('E', KEYS.space, KEYS.down, KEYS.space);
    await r.waitFor((f) => f.includes('2 selected'));
    await r.press(KEYS.enter);
    // The picker lists by impact, then failures: E2BADCA (150 failures) before E1GOOD.
    await r.waitFor((f) => f.includes('filter: dist E2BADCA,E1GOOD'));
    expect(store.filters.at(-1)).toEqual({ distributions: ['E2BADCA', 'E1GOOD'], tenants: [], statuses: [], text: '' });

    await r.press('d', 'B', 'A', 'D', KEYS.backspace);
    let frame = await r.waitFor((f) => f.includes('narrow: BA▏'));
    expect(frame).toContain('[x] E2BADCA');
    expect(frame).not.toContain('[x] E1GOOD');
    await r.press(KEYS.escape);
    frame = await r.waitFor((f) => !f.includes('Filter by distribution'));
    expect(frame).toContain('filter: dist E2BADCA,E1GOOD');

    await r.press('D');
    await r.waitFor((f) => f.includes('filter: none'));
    expect(store.filters.at(-1)).toEqual({ distributions: [], tenants: [], statuses: [], text: '' });
  });

  it('status filter and free-text filter show in the header and reach the store', async () => {
    const { props, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('s');
    await r.waitFor((f) => f.includes('Filter by outcome'));
    await r.press('U', 'n', 't', 'r', KEYS.enter);
    await r.waitFor((f) => f.includes('filter: status Failed:ClientCertUntrusted'));
    await r.press('/', 'a', 'p', 'i', KEYS.enter);
    await r.waitFor((f) => f.includes('filter: status Failed:ClientCertUntrusted · text "api"'));
    expect(store.filters.at(-1)).toEqual({ distributions: [], tenants: [], statuses: ['Failed:ClientCertUntrusted'], text: 'api' });
  });

  it('Enter on a distribution row filters to it', async () => {
    const { props, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press(KEYS.tab, KEYS.tab, KEYS.tab, 'j', KEYS.enter);
    await r.waitFor((f) => f.includes('filter: dist E1GOOD'));
    expect(store.filters.at(-1)?.distributions).toEqual(['E1GOOD']);
  });

  it('pause freezes the shown snapshot while the store keeps publishing', async () => {
    const { props, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('total 2,000'));
    await r.press('p');
    await r.waitFor((f) => f.includes('PAUSED'));
    store.publish({ connections: { ...store.snapshot.connections, total: 9999 } });
    await expectQuietFor(50, () => expect(r.lastFrame()).toContain('total 2,000'));
    await r.press('p');
    const frame = await r.waitFor((f) => f.includes('total 9,999'));
    expect(frame).not.toContain('PAUSED');
  });

  it('pause holds even when the store publishes between the paused frame and React subscribing anew', async () => {
    // Ink writes the frame in React's commit; useSyncExternalStore moves to the new
    // subscription only in the passive effects after it. A publish in between reaches the
    // old (live) subscription and its getSnapshot from the render before the pause.
    const { props, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('total 2,000'));
    const write = r.stdout.write;
    let published = false;
    r.stdout.write = (frame: string) => {
      if (!published && frame.includes('PAUSED')) {
        published = true;
        queueMicrotask(() => store.publish({ connections: { ...store.snapshot.connections, total: 9999 } }));
      }
      return write(frame);
    };
    await r.press('p');
    await r.waitFor((f) => f.includes('PAUSED'));
    await expectQuietFor(50, () => expect(r.lastFrame()).toContain('total 2,000'));
    expect(published).toBe(true);
    await r.press('p');
    await r.waitFor((f) => f.includes('total 9,999') && !f.includes('PAUSED'));
  });

  it('help overlay is generated from the keymap and closes with Esc', async () => {
    const { props } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('?');
    const frame = await r.waitFor((f) => f.includes('Everywhere'));
    expect(frame).toContain('pick distributions to filter to');
    await r.press(KEYS.escape);
    await r.waitFor((f) => !f.includes('Everywhere') && f.includes('▶ Connections'));
  });

  it('export shows the paths and exports the shown snapshot', async () => {
    const { props, calls, store } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('e');
    await r.waitFor((f) => f.includes('exported /tmp/tlstop-1.json and /tmp/tlstop-1.txt'));
    expect(calls.exports).toEqual([store.snapshot]);
  });

  it('export failure is reported, not thrown', async () => {
    const { props } = makeProps(new FakeStore(), { exportSnapshot: async () => Promise.reject(new Error('EACCES: /ro')) });
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('e');
    await r.waitFor((f) => f.includes('export failed: EACCES: /ro'));
  });

  it('mark prompt sends the label; window cycles; q and Ctrl-C quit', async () => {
    const { props, store, calls } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('m');
    await r.waitFor((f) => f.includes('Set a mark'));
    await r.press('rollout step 2', KEYS.enter);
    await r.waitFor((f) => !f.includes('Set a mark'));
    expect(store.marks).toEqual(['rollout step 2']);
    await r.press('w');
    await r.waitFor((f) => f.includes('07:00:00Z  15m'));
    expect(store.windows).toEqual([900_000]);
    await r.press('q');
    expect(calls.quit).toBe(1);
    await r.press(KEYS.ctrlC);
    expect(calls.quit).toBe(2);
  });

  it('Enter on a recent failure opens every field', async () => {
    const { props } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press(KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab);
    await r.waitFor((f) => f.includes('▶ Recent failures'));
    await r.press('j', KEYS.enter);
    const frame = await r.waitFor((f) => f.includes('Failure record'));
    expect(frame).toContain('distributionId              E1GOOD');
    expect(frame).toContain('clientLeafCertIssuer        CN=Rogue CA');
  });
});

/** A runner the test drives by hand. */
function manualRunner() {
  const ctl: { callbacks?: ValidationCallbacks; signal?: AbortSignal; finish?: (s: ValidationSummary) => void; starts: number } = {
    starts: 0,
  };
  const runner: ValidationRunner = {
    describe: 'local ./digests',
    start(signal, callbacks) {
      ctl.starts++;
      ctl.callbacks = callbacks;
      ctl.signal = signal;
      return new Promise((resolve, reject) => {
        ctl.finish = resolve;
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      });
    },
  };
  return { runner, ctl };
}

describe('validation panel', () => {
  it('v starts validation, shows progress and INVALID findings as they come, v again cancels', async () => {
    const { runner, ctl } = manualRunner();
    const { props } = makeProps(new FakeStore(), { validation: runner });
    const r = mount(props, 100, 30);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('v');
    await r.waitFor((f) => f.includes('▶ Digest validation') && f.includes('running'));
    ctl.callbacks?.onProgress?.({
      digestsDone: 1,
      digestsKnown: 4,
      logFilesDone: 3,
      logFilesKnown: 10,
      bytes: 2048,
      current: 's3://b/k1',
      startedAtMs: NOW,
    });
    ctl.callbacks?.onVerdict?.({ kind: 'digest', uri: 's3://b/d1', valid: true });
    ctl.callbacks?.onVerdict?.({ kind: 'log', uri: 's3://b/tampered.json.gz', valid: false, reason: "hash value doesn't match" });
    let frame = await r.waitFor((f) => f.includes('INVALID: digests 0  logs 1'));
    expect(frame).toContain(' 25%  digests 1/4  logs 3/10');
    expect(frame).toContain("Log file s3://b/tampered.json.gz INVALID: hash value doesn't match");
    await r.press('v');
    await r.waitFor((f) => f.includes('cancelled'));
    expect(ctl.signal?.aborted).toBe(true);

    await r.press('v');
    await r.waitFor((f) => f.includes('running'));
    expect(ctl.starts).toBe(2);
    ctl.finish?.({
      trailArn: 'arn',
      startTime: 's',
      endTime: 'e',
      digests: { valid: 4, invalid: 0 },
      logFiles: { valid: 10, invalid: 0 },
      anyInvalid: false,
      summaryLines: ['4/4 digest files valid', '10/10 log files valid'],
    });
    frame = await r.waitFor((f) => f.includes('10/10 log files valid'));
    expect(frame).toContain('done');
  });
});

describe('alerts', () => {
  it('turns the row and header to alert, rings the bell once per crossing, and logs it', async () => {
    const store = new FakeStore(
      makeSnapshot({
        distributions: [distRow('E2BADCA', { lastMinute: { attempts: 100, failures: 30, failureRate: 0.3, p99: 80 } }), distRow('E1GOOD')],
      }),
    );
    const { props, calls } = makeProps(store, { alerts: { failureRatePct: 5 } });
    const r = mount(props);
    const frame = await r.waitFor((f) => f.includes('ALERT E2BADCA'));
    expect(frame).toContain('! 07:00:00Z E2BADCA: failure 30.0% ≥ 5%');
    expect(calls.bell).toBe(1);
    store.publish({ eventsPerSec: 99 });
    await r.waitFor((f) => f.includes('ev/s 99'));
    expect(calls.bell).toBe(1);
    store.publish({ distributions: [distRow('E1GOOD')] });
    await r.waitFor((f) => !f.includes('ALERT'));
    store.publish({ distributions: [distRow('E2BADCA', { lastMinute: { attempts: 100, failures: 30, failureRate: 0.3, p99: 80 } })] });
    await r.waitFor((f) => f.includes('ALERT E2BADCA'));
    expect(calls.bell).toBe(2);
  });
});

describe('hostile strings', () => {
  it('never reach a frame raw (ESC, BEL, OSC title, clear-screen, bidi)', async () => {
    const evil = '\x1b]0;owned\x07\x1b[2J\x1b[H\u202eevil\u2066';
    const store = new FakeStore(
      makeSnapshot({
        distributions: [distRow(evil, { topFailureCode: evil })],
        recentFailures: [
          { seq: 1, source: evil, event: failedConnection({ distributionId: evil, tlsSni: evil, clientLeafCertSubject: evil }) },
        ],
      }),
    );
    const list = [{ id: 'x', label: evil, state: 'error' as const, message: evil }];
    const statuses = { subscribe: () => () => {}, getSnapshot: () => list };
    const { props } = makeProps(store, { statuses });
    const r = mount(props, 200, 50);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press(KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, 'j', 'k', KEYS.enter);
    await r.waitFor((f) => f.includes('Failure record'));
    await r.press(KEYS.escape, '/', evil, KEYS.enter);
    await r.waitFor((f) => f.includes('filter: text'));
    for (const frame of r.stdout.frames) {
      expect(frame).not.toContain('\x07');
      expect(frame).not.toContain('\x1b]');
      expect(frame).not.toContain('\x1b[2J');
      expect(frame).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
    expect(r.stdout.frames.some((f) => f.includes('\\x1b]0;owned\\x07'))).toBe(true);
  });
});

describe('themes', () => {
  it('t cycles the themes and names the new one in the footer', async () => {
    const { props } = makeProps();
    const r = mount(props);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('t');
    await r.waitFor((f) => f.includes('theme dark'));
    await r.press('t');
    await r.waitFor((f) => f.includes('theme monochrome'));
  });
});
