/**
 * One log group is one entry of the status board (what the header lists), whatever the
 * mode and however it changed: a Live Tail attempt that is retried and then refused
 * leaves no stale entry behind, and the reason for polling is a note, not a source.
 */
import { describe, expect, it } from 'vitest';
import { StatusBoard } from '../../../src/pipeline/status-board.js';
import type { SourceStatus } from '../../../src/sources/types.js';
import { CollectingSink } from './collecting-sink.js';
import { events, withFakeLogsService } from './fake-service-harness.js';

class BoardSink extends CollectingSink {
  readonly board = new StatusBoard();
  override status(status: SourceStatus): void {
    super.status(status);
    this.board.set(status);
  }
  entries(): Array<Pick<SourceStatus, 'label' | 'state' | 'mode'>> {
    return this.board
      .getSnapshot()
      .filter((s) => !s.note)
      .map(({ label, state, mode }) => ({ label, state, ...(mode !== undefined ? { mode } : {}) }));
  }
  notes(): string[] {
    return this.board
      .getSnapshot()
      .filter((s) => s.note)
      .map((s) => s.message ?? '');
  }
}

const h = withFakeLogsService({});

describe('status entries per log group', () => {
  it('auto mode: a throttled, then refused StartLiveTail leaves one polled entry and a note saying why', async () => {
    h.service.createLogGroup('emu');
    h.service.fault('StartLiveTail', 'throttle', 1);
    h.service.fault('StartLiveTail', 'not-implemented', 1);
    const sink = new BoardSink();
    h.start(sink, { logGroups: ['emu'], mode: 'auto' });
    h.service.putEvents('emu', 's', events('p', 3));
    await sink.waitForLines(3);
    await sink.waitFor(() => sink.entries().every((e) => e.state === 'connected'), 'connected');
    expect(sink.hasStatus((s) => s.state === 'retrying' && /StartLiveTail: AWS is throttling/.test(s.message ?? ''))).toBe(true);
    expect(sink.entries()).toEqual([{ label: 'emu', state: 'connected', mode: 'poll' }]);
    expect(sink.notes()).toEqual([
      'Live Tail refused (StartLiveTail: NotImplemented (HTTP 501): The StartLiveTail action has not been implemented); polling with FilterLogEvents instead.',
    ]);
  });

  it('live mode: one session, one entry (no separate summary entry)', async () => {
    h.service.createLogGroup('live');
    const sink = new BoardSink();
    h.start(sink, { logGroups: ['live'], mode: 'live' });
    await h.service.waitForSessions(1);
    h.service.pushEvents('live', 's', events('l', 2), true);
    await sink.waitForLines(2);
    await sink.waitFor(() => sink.board.getSnapshot().some((s) => s.sampled === true), 'sampled');
    expect(sink.entries()).toEqual([{ label: 'live', state: 'connected', mode: 'live' }]);
    expect(sink.board.getSnapshot()).toHaveLength(1);
  });

  it('poll mode: two log groups, two entries', async () => {
    h.service.createLogGroup('/a');
    h.service.createLogGroup('/b');
    const sink = new BoardSink();
    h.start(sink, { logGroups: ['/a', '/b'], mode: 'poll' });
    h.service.putEvents('/a', 's', events('a', 2));
    h.service.putEvents('/b', 's', events('b', 2));
    await sink.waitForLines(4);
    await sink.waitFor(() => sink.entries().length === 2 && sink.entries().every((e) => e.label !== '/a, /b'), 'two entries');
    expect(sink.entries().sort((x, y) => x.label.localeCompare(y.label))).toEqual([
      { label: '/a', state: 'connected', mode: 'poll' },
      { label: '/b', state: 'connected', mode: 'poll' },
    ]);
    expect(sink.notes()).toEqual([]);
  });
});
