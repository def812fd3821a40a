import { describe, expect, it } from 'vitest';
import { createStore, type Scheduler } from '../../src/aggregation/index.js';
import { waitFor } from '../helpers/wait-for.js';
import { conn, fakeClock } from './events.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A scheduler whose timers fire only when the test says so. */
function manualScheduler(): Scheduler & { fire(): void; pending(): number } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout(fn) {
      timers.set(next, fn);
      return next++;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    fire() {
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
    },
    pending: () => timers.size,
  };
}

describe('aggregation store: subscriptions', () => {
  it('batches notifications: many changes, one notification per interval', () => {
    const clock = fakeClock(T0);
    const scheduler = manualScheduler();
    const store = createStore({ clock: clock.now, scheduler, notifyIntervalMs: 100 });
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    for (let i = 0; i < 1000; i++) store.ingest(conn(T0), 'f');
    expect(calls).toBe(0);
    expect(scheduler.pending()).toBe(1);
    scheduler.fire();
    expect(calls).toBe(1);
    scheduler.fire();
    expect(calls).toBe(1);
    store.ingest(conn(T0), 'f');
    store.flush();
    expect(calls).toBe(2);
    expect(scheduler.pending()).toBe(0);
    unsubscribe();
    store.ingest(conn(T0), 'f');
    scheduler.fire();
    expect(calls).toBe(2);
  });

  it('returns the same snapshot object until something changed, computed lazily', () => {
    const clock = fakeClock(T0);
    const store = createStore({ clock: clock.now, notifyIntervalMs: 0 });
    const a = store.select();
    expect(store.select()).toBe(a);
    store.ingest(conn(T0), 'f');
    const b = store.select();
    expect(b).not.toBe(a);
    expect(b.version).toBeGreaterThan(a.version);
    expect(store.select()).toBe(b);
    // The clock moving inside the same bucket is not a change; entering a new one is.
    clock.advance(10);
    store.tick();
    expect(store.select()).toBe(b);
    clock.advance(1000);
    store.tick();
    expect(store.select()).not.toBe(b);
  });

  it('publishes nothing on ticks of an idle store: never fed, or fed longer ago than the history', () => {
    const clock = { t: T0 };
    const store = createStore({ clock: () => clock.t, notifyIntervalMs: 0, historyMs: 120 * 60_000 });
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 5; i++) {
      clock.t += 1000;
      store.tick();
    }
    expect(notified).toBe(0);
    store.ingest(conn(clock.t), 'f');
    notified = 0;
    clock.t += 1000;
    store.tick();
    expect(notified).toBe(1); // the window slides while data is retained
    clock.t += 121 * 60_000;
    store.tick();
    const settled = store.select();
    notified = 0;
    for (let i = 0; i < 5; i++) {
      clock.t += 1000;
      store.tick();
    }
    expect(notified).toBe(0);
    expect(store.select()).toBe(settled);
  });

  it('notifies synchronously with interval 0 and survives a throwing listener', () => {
    const store = createStore({ clock: () => T0, notifyIntervalMs: 0 });
    let calls = 0;
    store.subscribe(() => {
      throw new Error('boom');
    });
    store.subscribe(() => calls++);
    store.ingest(conn(T0), 'f');
    store.recordMalformed('invalid-json');
    store.markSampled();
    expect(calls).toBe(3);
    const s = store.select({ filter: { distributions: ['E1'], tenants: [], statuses: [], text: '' }, windowMs: 60_000, mark: null });
    expect(s.filter.distributions).toEqual(['E1']);
    expect(s.window.durationMs).toBe(60_000);
  });

  it('ticks from start() and stops cleanly', async () => {
    let now = T0;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0, tickMs: 5 });
    store.ingest(conn(T0), 'f'); // a store with data: its window slides on every tick
    let calls = 0;
    store.subscribe(() => calls++);
    store.start();
    try {
      await waitFor(
        () => {
          if (calls >= 2) return true;
          now += 1000; // the clock moves on between looks: the window slides, so the next tick publishes
          return false;
        },
        'two notifications from the ticks',
        { timeoutMs: 5000, observe: () => `${calls} notifications` },
      );
    } finally {
      store.stop();
    }
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
