import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
import { CLOCK_ACTIVE_MS } from '../../src/ui/hooks/use-clock.js';
import { waitFor } from '../helpers/wait-for.js';
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
