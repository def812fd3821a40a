/** The one place headless commands print source problems: escaped, each once, and the exit status follows what is still unreadable. */
import { describe, expect, it } from 'vitest';
import { formatSourceProblem, trackSourceProblems } from '../../src/cli/source-problems.js';
import { bufferIo } from './buffer-io.js';

const EVIL = 'logs/\x1b]0;PWNED\x07\x1b[2J\u202e.log';

describe('source problems', () => {
  it('escapes the label and the message (file names and AWS error text come from outside)', () => {
    expect(formatSourceProblem('report', { id: 'a', label: EVIL, state: 'error', message: `AccessDenied: ${EVIL}` })).toBe(
      'tlstop report: cannot read logs/\\x1b]0;PWNED\\x07\\x1b[2J\\u202e.log: AccessDenied: logs/\\x1b]0;PWNED\\x07\\x1b[2J\\u202e.log',
    );
    expect(formatSourceProblem('events', { id: 'a', label: 'grp', state: 'retrying', message: 'throttled\u3164' })).toBe(
      'tlstop events: grp: throttled\\u3164 (retrying)',
    );
  });

  it('without following: unreadable sources are printed once, at the end; a source that recovered is not', () => {
    const io = bufferIo();
    const p = trackSourceProblems(io, 'events', { printErrorsAsTheyHappen: false, printRetries: false });
    p.onStatus({ id: 'a', label: 'a.log', state: 'error', message: 'missing' });
    p.onStatus({ id: 'b', label: 'b.log', state: 'error', message: 'missing' });
    p.onStatus({ id: 'b', label: 'b.log', state: 'connected' });
    p.onStatus({ id: 'n', label: 'note', state: 'error', message: 'diagnostics', note: true });
    expect(io.err()).toBe('');
    expect(p.failed).toBe(true);
    p.printRemaining();
    p.printRemaining();
    expect(io.err()).toBe('tlstop events: cannot read a.log: missing\n');
  });

  it('while following: errors and retries are printed as they happen, and not again at the end', () => {
    const io = bufferIo();
    const p = trackSourceProblems(io, 'events', { printErrorsAsTheyHappen: true, printRetries: true });
    p.onStatus({ id: 'g', label: 'grp', state: 'retrying', message: 'throttled' });
    p.onStatus({ id: 'a', label: 'a.log', state: 'error', message: 'missing' });
    p.printRemaining();
    expect(io.err()).toBe('tlstop events: grp: throttled (retrying)\ntlstop events: cannot read a.log: missing\n');
    p.onStatus({ id: 'a', label: 'a.log', state: 'connected' });
    expect(p.failed).toBe(false);
  });
});
