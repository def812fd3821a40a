/**
 * Each pane reads its own section of the store: what is not on screen is never asked
 * for, and a pause keeps what was shown while the store moves on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { createStore } from '../../src/aggregation/index.js';
import type { SectionName, ViewSource } from '../../src/aggregation/types.js';
import { App } from '../../src/ui/components/App.js';
import { CLOCK_ACTIVE_MS } from '../../src/ui/hooks/use-clock.js';
import { FakeStore, KEYS, makeProps, NOW, renderSized, type SizedRender } from './fixtures.js';

const mounted: SizedRender[] = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()?.instance.unmount();
});

/** The fake store, recording which sections it is asked for. */
function recording(): { store: FakeStore; source: ViewSource; asked: Set<SectionName> } {
  const store = new FakeStore();
  const asked = new Set<SectionName>();
  const source: ViewSource = {
    subscribe: (l) => store.subscribe(l),
    version: () => store.version(),
    distributionIds: () => store.distributionIds(),
    section: (name, query) => {
      asked.add(name);
      return store.section(name, query);
    },
  };
  return { store, source, asked };
}

describe('panes read their own sections', () => {
  it('at 80x24 asks only for what the header, Connections and the Distributions strip show', async () => {
    const { source, asked } = recording();
    const { props } = makeProps(undefined, { store: source });
    const r = renderSized(<App {...props} />, 80, 24);
    mounted.push(r);
    await r.waitFor((f) => f.includes('▶ Connections') && f.includes('─ Distributions'));
    expect([...asked].sort()).toEqual(['changes', 'connections', 'distributions', 'mark', 'overview']);
    await r.press(KEYS.tab, KEYS.tab);
    await r.waitFor((f) => f.includes('▶ Latency'));
    expect(asked.has('latency') && asked.has('series')).toBe(true);
    for (const hidden of ['top', 'firewall', 'certificates', 'failures'] as const) expect(asked.has(hidden)).toBe(false);
  });

  it('at 200x50 asks for every section a pane shows', async () => {
    const { source, asked } = recording();
    const { props } = makeProps(undefined, { store: source });
    const r = renderSized(<App {...props} />, 200, 50);
    mounted.push(r);
    await r.waitFor((f) => f.includes('─ Certificates'));
    expect([...asked].sort()).toEqual([
      'certificates',
      'changes',
      'connections',
      'distributions',
      'failures',
      'firewall',
      'latency',
      'mark',
      'overview',
      'series',
    ]);
  });

  it('while paused keeps every pane as shown, and a changed filter asks again', async () => {
    const { props, store } = makeProps(new FakeStore());
    const r = renderSized(<App {...props} />, 200, 50);
    mounted.push(r);
    await r.waitFor((f) => f.includes('total 2,000') && f.includes('2 rows'));
    await r.press('p');
    await r.waitFor((f) => f.includes('PAUSED'));
    store.publish({
      connections: { ...store.snapshot.connections, total: 9999 },
      distributions: store.snapshot.distributions.slice(0, 1),
      eventsPerSec: 77,
    });
    await r.press(KEYS.tab, KEYS.tab, KEYS.tab);
    let frame = await r.waitFor((f) => f.includes('▶ Distributions'));
    expect(frame).toContain('total 2,000');
    expect(frame).toContain('2 rows');
    expect(frame).toContain('events/s 12.5');
    await r.press('/', 'a', KEYS.enter);
    frame = await r.waitFor((f) => f.includes('filter: text "a"'));
    expect(frame).toContain('PAUSED');
    expect(frame).toContain('total 9,999');
    expect(frame).toContain('1 row');
  });
});

describe('an idle monitor on the real store', () => {
  it('counts its first query as no change: the clock goes to minutes once nothing arrived for a while', async () => {
    let clock = NOW + 7_000;
    const store = createStore({ clock: () => clock, notifyIntervalMs: 0 });
    const { props } = makeProps(undefined, { store, now: () => clock });
    const app = render(<App {...props} />);
    expect(app.lastFrame()).toContain('07:00:07Z');
    clock += CLOCK_ACTIVE_MS + 1_000;
    app.rerender(<App {...props} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(app.lastFrame()).toMatch(/ 07:00Z /);
    app.unmount();
  });
});
