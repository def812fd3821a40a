/**
 * Issue 9: invisible, format and mis-measured characters in log fields reach neither the
 * text nor the JSON output of `events` and `report` raw; the JSON still decodes to the
 * values that were logged.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { firstNeverRaw, terminalColumns } from '../text/terminal-columns.js';
import { bufferIo } from './buffer-io.js';

const DIST = 'E1\u3164\u115f\u00ad';
const STATUS = 'Failed:ClientCert\u061c\u180e\u034fExpired';
const SUBJECT = 'CN=\u{e0001}\u{e0065}\u{e006e}dev\u3164ice\ufe0f\u200b';
const SNI = 'api\u00ad.example\u2064.com\u{1f3fd}';
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-invisible-'));
  file = join(dir, 'cf.log');
  const line = (i: number) =>
    JSON.stringify({
      eventTimestamp: 1731620046814 + i,
      connectionId: `c${i}`,
      connectionStatus: STATUS,
      distributionId: DIST,
      tlsSni: SNI,
      clientLeafCertSubject: SUBJECT,
      clientLeafCertIssuer: SUBJECT,
      tlsHandshakeDuration: 20,
    });
  await writeFile(file, [line(1), line(2)].join('\n') + '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every line of the output is drawn over the columns it measures, and nothing invisible is in it. */
function expectDrawnAsMeasured(out: string): void {
  expect(firstNeverRaw(out.replace(/\n/g, ''))).toBeUndefined();
  for (const line of out.split('\n')) expect(stringWidth(line), line).toBe(terminalColumns(line));
}

describe('invisible characters in events and report output (issue 9)', () => {
  it('events: text lines show them escaped', async () => {
    const io = bufferIo();
    expect(await main(['events', '--file', file], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('E1\\u3164\\u115f\\xad');
    expect(out).toContain('Failed:ClientCert\\u061c\\u180e\\u034fExpired');
    expect(out).toContain('subject=CN=\\u{e0001}\\u{e0065}\\u{e006e}dev\\u3164ice\\ufe0f\\u200b');
    expectDrawnAsMeasured(out);
  });

  it('events --json: escaped as JSON, decoding to the logged values', async () => {
    const io = bufferIo();
    expect(await main(['events', '--file', file, '--json'], io)).toBe(0);
    const out = io.out();
    expectDrawnAsMeasured(out);
    const first = JSON.parse(out.split('\n')[0]!);
    expect(first).toMatchObject({ distributionId: DIST, connectionStatus: STATUS, clientLeafCertSubject: SUBJECT, tlsSni: SNI });
  });

  it('report: tables and JSON show them escaped', async () => {
    const io = bufferIo();
    expect(await main(['report', '--file', file], io)).toBe(0);
    const text = io.out();
    expect(text).toContain('E1\\u3164\\u115f\\xad');
    expect(text).toContain('\\u061c\\u180e\\u034f');
    expectDrawnAsMeasured(text);

    const jsonIo = bufferIo();
    expect(await main(['report', '--file', file, '--json'], jsonIo)).toBe(0);
    expectDrawnAsMeasured(jsonIo.out());
    const doc = JSON.parse(jsonIo.out());
    expect(Object.keys(doc.connections.byDistribution)).toEqual([DIST]);
    expect(Object.keys(doc.connections.byStatus)).toEqual([STATUS]);
  });
});
