/**
 * Issue 9: characters that terminals draw but `string-width` measures as zero columns (the
 * Hangul fillers, the soft hyphen) in a distribution ID, a status or a subject made rows
 * wider on screen than Ink laid them out, so the terminal wrapped them and pushed the header
 * off the top. Each frame is replayed here through a model of how a terminal draws each
 * character (`terminalColumns`), wrapping rows that are too wide, as a terminal does.
 */
import { render as inkTestRender } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
import { waitFor } from '../helpers/wait-for.js';
import { terminalColumns } from '../text/terminal-columns.js';
import { distRow, failedConnection, FakeStore, KEYS, makeProps, makeSnapshot, renderSized } from './fixtures.js';

const mounted: Array<{ unmount(): void }> = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()?.unmount();
});

const FILLER = '\u3164'; // HANGUL FILLER: East Asian wide, default-ignorable
const HIDDEN = `E${FILLER.repeat(40)}`;
const STATUS = `Failed:${'\u115f'.repeat(30)}${'\u00ad'.repeat(30)}`;
const SUBJECT = `CN=${FILLER.repeat(60)}`;

function hostileStore(): FakeStore {
  return new FakeStore(
    makeSnapshot({
      distributions: [1, 2, 3, 4, 5, 6].map((i) => distRow(`${HIDDEN}${i}`, { topFailureCode: STATUS, tenantId: FILLER.repeat(30) })),
      recentFailures: [1, 2, 3].map((seq) => ({
        seq,
        source: `/logs/${FILLER.repeat(20)}.log`,
        event: failedConnection({
          distributionId: HIDDEN,
          connectionStatus: STATUS,
          failureCode: STATUS.slice(7),
          clientLeafCertSubject: SUBJECT,
          tlsSni: FILLER.repeat(50),
        }),
      })),
      top: {
        ...makeSnapshot().top,
        failingSubjects: [{ key: SUBJECT, count: 10, failures: 9 }],
        failingIssuers: [{ key: SUBJECT, count: 10, failures: 9 }],
      },
    }),
  );
}

/** Screen rows a frame takes on a terminal `columns` wide: each line wraps when it is wider. */
function drawnRows(frame: string, columns: number): number {
  const lines = stripAnsi(frame).replace(/\n$/, '').split('\n');
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(terminalColumns(line) / columns)), 0);
}

describe('characters drawn wider than measured (issue 9)', () => {
  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
    [200, 50],
  ] as const) {
    it(`a distribution ID, status and subject full of fillers keep a ${columns}x${rows} frame within ${rows - 1} screen rows`, async () => {
      const { props } = makeProps(hostileStore());
      const r = renderSized(<App {...props} />, columns, rows);
      mounted.push(r.instance);
      const frame = await r.waitFor((f) => f.includes('tlstop') && f.includes('Distributions'));
      expect(frame).toContain('\\u3164'); // shown escaped
      const lines = stripAnsi(frame).replace(/\n$/, '').split('\n');
      for (const line of lines) expect(terminalColumns(line), line).toBeLessThanOrEqual(columns);
      expect(drawnRows(frame, columns)).toBeLessThanOrEqual(rows - 1);
      // The header is the first row on screen.
      expect(lines[0]).toContain('tlstop');
      expect(frame).not.toMatch(/[\u3164\u115f\u00ad]/);
    });
  }

  it('the failure record and the distribution picker draw the rows they measured', async () => {
    const { props } = makeProps(hostileStore());
    const r = renderSized(<App {...props} />, 80, 24);
    mounted.push(r.instance);
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press(KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.enter);
    const record = await r.waitFor((f) => f.includes('Failure record'));
    await r.press(KEYS.escape, 'd');
    const picker = await r.waitFor((f) => f.includes('Filter by distribution'));
    for (const frame of [record, picker]) {
      expect(frame).toContain('\\u3164');
      expect(drawnRows(frame, 80)).toBeLessThanOrEqual(23);
      expect(stripAnsi(frame).split('\n')[0]).toContain('tlstop');
    }
  });

  it('the default ink-testing-library terminal (100 columns) draws the rows it measured', async () => {
    const { props } = makeProps(hostileStore());
    const r = inkTestRender(<App {...props} />);
    mounted.push(r);
    await waitFor(() => (r.lastFrame() ?? '').includes('tlstop'), 'the first frame', {
      timeoutMs: 3000,
      intervalMs: 5,
      observe: r.lastFrame,
    });
    const frame = r.lastFrame() ?? '';
    expect(frame).toContain('\\u3164');
    for (const line of stripAnsi(frame).split('\n')) expect(terminalColumns(line), line).toBeLessThanOrEqual(100);
    expect(drawnRows(frame, 100)).toBeLessThanOrEqual(23);
  });
});
