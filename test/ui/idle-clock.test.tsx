import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import { App } from '../../src/ui/components/App.js';
import { CLOCK_ACTIVE_MS } from '../../src/ui/hooks/use-clock.js';
import { waitFor } from '../helpers/wait-for.js';
import { conn } from '../aggregation/events.js';
import { FakeStore, makeProps, NOW } from './fixtures.js';

describe('header clock on an idle monitor', () => {
  it('shows seconds while data moves and minutes once nothing has changed for a while', async () => {
    let clock = NOW + 7_000;
    const store = new FakeStore();
    const { props } = makeProps(store, { now: () => clock });
    const app = render(<App {...props} />);
    expect(app.lastFrame()).toContain('07:00:07Z');
    clock += CLOCK_ACTIVE_MS + 1_000;
    store.publish({}); // a new snapshot: active again, seconds shown
    await waitFor(() => app.lastFrame()?.includes('07:00:18Z'), 'the clock with seconds', { timeoutMs: 3000, observe: app.lastFrame });
    expect(app.lastFrame()).toContain('07:00:18Z');
    clock += CLOCK_ACTIVE_MS + 1_000; // nothing changed since: idle
    app.rerender(<App {...props} />);
    await waitFor(() => / 07:00Z /.test(app.lastFrame() ?? ''), 'the clock in minutes', { timeoutMs: 3000, observe: app.lastFrame });
    expect(app.lastFrame()).toMatch(/ 07:00Z /);
    app.unmount();
  });
});

describe('header on a monitor whose window slides in 10 s steps (no input for a few seconds)', () => {
  it('says so, shows the time of the frame on screen, and goes back to the clock on the next event', async () => {
    let clock = NOW + 300;
    const store = createStore({ clock: () => clock, notifyIntervalMs: 0 });
    store.ingest(conn(clock), 'f');
    const { props } = makeProps(undefined, { store, now: () => clock });
    const app = render(<App {...props} />);
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      store.tick();
    }
    // 07:00:20.3: a new slice, stepping for seconds already.
    await waitFor(() => app.lastFrame()?.includes('idle: moves in 10s steps'), 'the idle label', {
      timeoutMs: 3000,
      observe: app.lastFrame,
    });
    expect(app.lastFrame()).toContain('07:00:20Z');
    clock += 3000; // 07:00:23: no publish, the picture is still the one of 07:00:20
    store.tick();
    app.rerender(<App {...props} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(app.lastFrame()).toContain('07:00:20Z');
    clock += 7000; // the next slice
    store.tick();
    await waitFor(() => app.lastFrame()?.includes('07:00:30Z'), 'the next step', { timeoutMs: 3000, observe: app.lastFrame });
    clock += 1500;
    store.ingest(conn(clock), 'f');
    await waitFor(() => app.lastFrame()?.includes('07:00:31Z'), 'the clock again', { timeoutMs: 3000, observe: app.lastFrame });
    expect(app.lastFrame()).not.toContain('idle:');
    app.unmount();
  });
});
