/** Shorter forms of a status message: by its structure, each shorter, all terminal-safe. */
import { describe, expect, it } from 'vitest';
import { messageAt, messageForms } from '../../src/ui/panes/message-fit.js';

describe('messageForms', () => {
  it('drops later sentences, then details in parentheses, then clauses, then parentheses, then keeps operation and code', () => {
    expect(
      messageForms(
        'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s. Check the network, the proxy or --endpoint-url.',
      ),
    ).toEqual([
      'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s. Check the network, the proxy or --endpoint-url.',
      'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:4566); retrying in 4 s.',
      'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED); retrying in 4 s.',
      'FilterLogEvents: Cannot reach the endpoint (ECONNREFUSED)',
      'FilterLogEvents: Cannot reach the endpoint',
      'FilterLogEvents: ECONNREFUSED',
    ]);
    expect(
      messageForms(
        'Live Tail refused (StartLiveTail: HTTP 500, an answer that is not an AWS response (SyntaxError)); polling with FilterLogEvents instead.',
      ),
    ).toEqual([
      'Live Tail refused (StartLiveTail: HTTP 500, an answer that is not an AWS response (SyntaxError)); polling with FilterLogEvents instead.',
      'Live Tail refused (StartLiveTail: HTTP 500); polling with FilterLogEvents instead.',
      'Live Tail refused (StartLiveTail: HTTP 500)',
      'Live Tail refused',
    ]);
    expect(
      messageForms('FilterLogEvents: ServiceUnavailableException (HTTP 503): The service is unavailable; retrying in 2 s.').at(-1),
    ).toBe('FilterLogEvents: HTTP 503');
    expect(messageForms('no such file; check the --file path')).toEqual(['no such file; check the --file path', 'no such file']);
  });

  it('levels line up across messages; past the last, the shortest', () => {
    expect(messageAt('throttled, retrying in 2s', 0)).toBe('throttled, retrying in 2s');
    expect(messageAt('throttled, retrying in 2s', 9)).toBe('throttled, retrying in 2s');
    expect(messageAt('a; b. C', 1)).toBe('a; b.');
    expect(messageAt('a; b. C', 3)).toBe('a');
  });

  it('escapes hostile text first and never brings a control character back; unbalanced parentheses stay', () => {
    for (const form of messageForms('a\u001b[2J (b\u0007, c); d\u202e. E')) expect(form).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(messageForms('a (b (c')).toEqual(['a (b (c']);
    expect(messageForms('x'.repeat(5000))[0]!.length).toBeLessThanOrEqual(400);
  });
});
