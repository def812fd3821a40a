/**
 * The sources row keeps the useful part of a long status message instead of cutting it
 * at a fixed length: the operation, what went wrong with its code, when tlstop retries;
 * and it says why CloudWatch is polled rather than tailed. At 80 and 200 columns.
 */
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/sources/cloudwatch/backoff.js';
import { DEFAULT_TIMINGS } from '../../src/sources/cloudwatch/options.js';
import { reportFault, type RunContext } from '../../src/sources/cloudwatch/run-context.js';
import type { SourceStatus } from '../../src/sources/types.js';
import { lineColumns, lineText } from '../../src/ui/lines.js';
import { sourcesLine } from '../../src/ui/panes/sources-line.js';

/** The status the CloudWatch source reports for `error` on `operation` (its real wording). */
function faultStatus(error: unknown, operation: string, label: string): SourceStatus {
  const statuses: SourceStatus[] = [];
  const ctx = {
    sink: { lines() {}, status: (s: SourceStatus) => statuses.push(s) },
    signal: new AbortController().signal,
    timings: DEFAULT_TIMINGS,
  } as unknown as RunContext;
  // random() = 0.5 of a 8 s ceiling (4th retry): "retrying in 4 s".
  const backoff = new Backoff(1000, 30_000, () => 0.5);
  for (let i = 0; i < 3; i++) backoff.next();
  reportFault(ctx, { id: 'cloudwatch', label, mode: 'poll' }, error, operation, backoff);
  return statuses[0]!;
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
const GROUP = '/aws/cloudfront/connection-logs';
const down = faultStatus(refused, 'FilterLogEvents', GROUP);
const fallbackNote: SourceStatus = {
  id: 'cloudwatch/mode',
  label: 'CloudWatch mode',
  state: 'connected',
  mode: 'poll',
  note: true,
  message:
    'Live Tail refused (StartLiveTail: HTTP 500, an answer that is not an AWS response (SyntaxError)); polling with FilterLogEvents instead.',
};
const row = (statuses: SourceStatus[], width: number) => lineText(sourcesLine(statuses, false, width));

describe('sources row: CloudWatch status messages', () => {
  it('the message leads with the operation, what went wrong and its code, then the retry, then the advice', () => {
    expect(down).toMatchObject({ state: 'retrying', mode: 'poll' });
    expect(down.message).toBe(
      'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s. Check the network, the proxy or --endpoint-url.',
    );
  });

  it('at 200 columns shows the whole reason, and why it polls', () => {
    // Too long for one row with the note: the note is shortened first, then the advice goes.
    expect(row([down, fallbackNote], 200)).toBe(
      'sources: /aws/cloudfront/connection-logs retrying poll (FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s.) · Live Tail refused',
    );
    expect(row([down], 200)).toBe(
      'sources: /aws/cloudfront/connection-logs retrying poll (FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s. Check the network, the proxy or --endpoint-url.)',
    );
  });

  it('at 80 columns keeps the operation and the error code, and what went wrong when there is room', () => {
    expect(row([down], 80)).toBe('sources: …/connection-logs retrying poll (FilterLogEvents: ECONNREFUSED)');
    expect(row([{ ...down, label: '/mtls' }], 80)).toBe('sources: /mtls retrying poll (FilterLogEvents: Cannot reach the endpoint)');
    for (const width of [80, 100, 120, 160, 200])
      expect(lineColumns(sourcesLine([down, fallbackNote], false, width))).toBeLessThanOrEqual(width);
  });

  it('at 80 columns says why a healthy group is polled', () => {
    const polled: SourceStatus = {
      id: 'cloudwatch',
      label: GROUP,
      state: 'connected',
      mode: 'poll',
      message: 'Polling FilterLogEvents every 2 s or faster when busy.',
    };
    expect(row([polled, fallbackNote], 80)).toBe('sources: /aws/cloudfront/connection-logs connected poll · Live Tail refused');
    expect(row([{ ...polled, label: '/mtls' }, fallbackNote], 80)).toBe(
      'sources: /mtls connected poll · Live Tail refused (StartLiveTail: HTTP 500)',
    );
    expect(row([polled, fallbackNote], 200)).toBe(
      'sources: /aws/cloudfront/connection-logs connected poll · Live Tail refused (StartLiveTail: HTTP 500, an answer that is not an AWS response (SyntaxError)); polling with FilterLogEvents instead.',
    );
  });

  it('two log groups, one down: the troubled one first with its reason, the other counted', () => {
    const other: SourceStatus = {
      id: 'cloudwatch//aws/network-firewall/tls',
      label: '/aws/network-firewall/tls',
      state: 'connected',
      mode: 'poll',
    };
    expect(row([down, other, fallbackNote], 80)).toBe('sources: …/connection-logs retrying poll (FilterLogEvents: ECONNREFUSED) · 1 po…');
    expect(row([down, other, fallbackNote], 200)).toBe(
      'sources: …/cloudfront/connection-logs retrying poll (FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s.) · 1 poll source connected · Live Tail refused',
    );
  });

  it('messages from AWS are escaped before they reach the row, and shortening keeps them escaped', () => {
    const hostile = faultStatus(
      Object.assign(new Error('boom \u001b]0;pwned\u0007\u001b[2J (detail, more); tail'), {
        name: 'Weird\u001b[31mError',
        $metadata: { httpStatusCode: 503 },
      }),
      'FilterLogEvents',
      '/g',
    );
    expect(hostile.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    for (const width of [40, 80, 200]) expect(row([hostile], width)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
