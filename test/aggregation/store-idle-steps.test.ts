/**
 * An idle monitor's window slides in 10-second steps (one publish per slice instead of
 * per second) and says so; any input brings per-second sliding back at once, and the
 * change detector keeps closing seconds by the clock (an ongoing change keeps the
 * per-second slide until it ends).
 */
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import { IDLE_STEP_AFTER_MS } from '../../src/aggregation/sliding-window.js';
import { EMPTY_FILTER, type ViewQuery } from '../../src/aggregation/types.js';
import { DEMO_START, demoEventsBySecond } from '../helpers/demo-events.js';
import { BAD_CA_DISTRIBUTION } from '../../src/sources/demo/index.js';
import { conn } from './events.js';

const WINDOW_MS = 15 * 60_000;
const QUERY: ViewQuery = { filter: EMPTY_FILTER, windowMs: WINDOW_MS, mark: null };
/** On a slice boundary, plus the tick timer's phase. */
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0) + 300;

/** Two stores over the same full window: `idle` gets nothing more; `moving` gets a malformed line a second (per-second slide). */
function fullWindowPair(clock: { t: number }) {
  const make = () => createStore({ clock: () => clock.t, notifyIntervalMs: 0 });
  const idle = make();
  const moving = make();
  // 16 minutes of 3 records/s ending now, one failure a second, durations varying.
  for (let s = 16 * 60; s >= 1; s--) {
    const at = clock.t - s * 1000;
    for (let k = 0; k < 3; k++) {
      const status = k === 0 ? 'Failed:ClientCertUntrusted' : 'Success';
      const e = conn(at + k * 100, status, { tlsHandshakeDuration: 5 + ((s * 7 + k) % 90) });
      idle.ingest(e, 'f');
      moving.ingest(e, 'f');
    }
  }
  return { idle, moving };
}

describe('an idle monitor slides its window in 10 s steps', () => {
  it('publishes once per 10 s slice with the totals a per-second slide gives at that moment, and says so', () => {
    const clock = { t: T0 };
    const { idle, moving } = fullWindowPair(clock);
    let published = 0;
    idle.subscribe(() => published++);
    const publishedAt: number[] = [];
    for (let i = 1; i <= 60; i++) {
      clock.t = T0 + i * 1000;
      const before = published;
      idle.tick();
      moving.recordMalformed('keep-sliding');
      moving.tick();
      const shown = idle.section('connections', QUERY);
      const overview = idle.section('overview', QUERY);
      if (published > before) {
        publishedAt.push(i);
        // What a per-second slide shows at this moment.
        const reference = moving.section('connections', QUERY);
        expect(shown.total).toBe(reference.total);
        expect(shown.failed).toBe(reference.failed);
        expect(shown.handshakeMs).toEqual(reference.handshakeMs);
        expect(overview.window.endMs).toBe(clock.t);
      }
      if (i > IDLE_STEP_AFTER_MS / 1000) expect(overview.window.idleStepMs).toBe(10_000);
      expect(moving.section('overview', QUERY).window.idleStepMs).toBeUndefined();
    }
    // Per second until the input is 15 s old (the 16th second enters stepping and says so), then on each slice.
    expect(publishedAt).toEqual([...Array.from({ length: 16 }, (_, i) => i + 1), 20, 30, 40, 50, 60]);
    // The window really moved: the oldest seconds left the totals.
    expect(idle.section('connections', QUERY).total).toBeLessThan(3 * 15 * 60);
  });

  it('between steps the sections are the same objects: nothing is merged or redrawn', () => {
    const clock = { t: T0 };
    const { idle } = fullWindowPair(clock);
    clock.t = T0 + 20_000;
    idle.tick();
    const shown = idle.section('distributions', QUERY);
    for (let i = 1; i < 10; i++) {
      clock.t = T0 + 20_000 + i * 1000;
      idle.tick();
      expect(idle.section('distributions', QUERY)).toBe(shown);
    }
  });

  it('resumes the per-second slide on the next event, at once', () => {
    const clock = { t: T0 };
    const { idle } = fullWindowPair(clock);
    clock.t = T0 + 30_000;
    idle.tick();
    expect(idle.section('overview', QUERY).window.idleStepMs).toBe(10_000);
    let published = 0;
    idle.subscribe(() => published++);
    clock.t += 500;
    idle.ingest(conn(clock.t), 'f');
    expect(published).toBe(1);
    expect(idle.section('overview', QUERY).window.idleStepMs).toBeUndefined();
    for (let i = 1; i <= 4; i++) {
      clock.t += 1000;
      idle.tick();
      expect(published).toBe(1 + i);
    }
  });

  // A change ends by the clock once its distribution was silent for silentEndSeconds (15 min).
  it('keeps the per-second slide while a change is ongoing; the detector closes seconds by the clock and ends it', () => {
    let now = DEMO_START;
    const clock = { t: now };
    const store = createStore({ clock: () => clock.t, notifyIntervalMs: 0 });
    demoEventsBySecond(40).forEach((events, i) => {
      now = DEMO_START + (i + 1) * 1000;
      clock.t = now;
      for (const e of events) store.ingest(e, 'demo');
      store.tick();
    });
    const ongoing = () => store.section('changes', QUERY).changes.some((c) => c.distributionId === BAD_CA_DISTRIBUTION && c.end === null);
    expect(ongoing()).toBe(true);
    let published = 0;
    store.subscribe(() => published++);
    let ticks = 0;
    let endedAfter: number | null = null;
    for (let i = 1; i <= 1000 && endedAfter === null; i++) {
      clock.t = now + i * 1000;
      store.tick();
      ticks++;
      if (!ongoing()) endedAfter = i;
      else expect(store.section('overview', QUERY).window.idleStepMs).toBeUndefined();
    }
    expect(endedAfter).not.toBeNull();
    expect(published).toBe(ticks); // a publish every second until the change ended (and on that one)
    const ended = store.section('changes', QUERY).changes.find((c) => c.distributionId === BAD_CA_DISTRIBUTION)!;
    expect(ended.end).not.toBeNull();
    // With nothing ongoing the slide goes to 10 s steps.
    for (let i = 1; i <= 20; i++) {
      clock.t += 1000;
      store.tick();
    }
    expect(store.section('overview', QUERY).window.idleStepMs).toBe(10_000);
  });
});
