import { describe, expect, it } from 'vitest';
import { DEMO_START, demoEventsBySecond } from '../helpers/demo-events.js';
import { createReportAggregator, createStore } from '../../src/aggregation/index.js';
import { EMPTY_FILTER, type ViewQuery } from '../../src/aggregation/types.js';
import type { ConnectionEvent } from '../../src/events/types.js';
import { BAD_CA_DISTRIBUTION, DROPPED_ISSUER, STORY_MARKS } from '../../src/sources/demo/index.js';

const START = DEMO_START;
const QUERY: ViewQuery = { filter: EMPTY_FILTER, windowMs: 15 * 60_000, mark: null };

const onsetSeconds = (ms: number) => (ms - START) / 1000;

describe('the store runs the change detector on what it ingests', () => {
  it('live: names the bad CA bundle within 10 s of the push, with its onset and the issuer to blame', () => {
    let now = START;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const seconds = demoEventsBySecond(40);
    let foundAt: number | null = null;
    seconds.forEach((events, i) => {
      now = START + (i + 1) * 1000;
      for (const e of events) store.ingest(e, 'demo');
      store.tick();
      const top = store.section('changes', QUERY).changes[0];
      if (foundAt === null && top?.distributionId === BAD_CA_DISTRIBUTION) foundAt = i + 1;
    });
    expect(foundAt).not.toBeNull();
    expect(foundAt! - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(10);
    const top = store.section('changes', QUERY).changes[0]!;
    expect(top).toMatchObject({ failureCode: 'ClientCertUntrusted', end: null });
    expect(onsetSeconds(top.onset) - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(5);
    expect(top.attributes[0]).toMatchObject({ field: 'issuer', value: DROPPED_ISSUER });
    // The same object until a second closes: cheap for a pane to poll.
    expect(store.section('changes', QUERY)).toBe(store.section('changes', QUERY));
  });

  it('history read at once (a monitor started 25 s into the incident) shows it with its true onset', () => {
    const now = START + 45_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    for (const events of demoEventsBySecond(45)) for (const e of events) store.ingest(e, 'history');
    const top = store.section('changes', QUERY).changes[0]!;
    expect(top).toMatchObject({ distributionId: BAD_CA_DISTRIBUTION, failureCode: 'ClientCertUntrusted' });
    expect(onsetSeconds(top.onset) - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(5);
  });

  it('history read slowly (45 s of it over 15 ticks of the clock) is analysed all the same, none of it late', () => {
    let now = START + 45_000;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const seconds = demoEventsBySecond(45);
    // The monitor's clock ticks before the file's first lines are read.
    store.tick();
    for (let i = 0; i < seconds.length; i += 3) {
      for (const events of seconds.slice(i, i + 3)) for (const e of events) store.ingest(e, 'history');
      now += 1000;
      store.tick();
    }
    const view = store.section('changes', QUERY);
    expect(view.lateEvents).toBe(0);
    const top = view.changes[0]!;
    expect(top).toMatchObject({ distributionId: BAD_CA_DISTRIBUTION, failureCode: 'ClientCertUntrusted' });
    expect(onsetSeconds(top.onset) - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(5);
  });

  it('a source that delivers a minute late, every 5 s, is analysed as it arrives; once it stops, the clock runs on from its newest event', () => {
    const DELAY_MS = 60_000;
    let now = START + DELAY_MS;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const seconds = demoEventsBySecond(40);
    let foundAt: number | null = null;
    seconds.forEach((events, i) => {
      now = START + DELAY_MS + (i + 1) * 1000;
      // Each poll delivers the last 5 s of events, a minute after they happened.
      if ((i + 1) % 5 === 0) for (const batch of seconds.slice(i - 4, i + 1)) for (const e of batch) store.ingest(e, 'poll');
      store.tick();
      if (foundAt === null && store.section('changes', QUERY).changes[0]?.distributionId === BAD_CA_DISTRIBUTION) foundAt = i + 1;
    });
    expect(store.section('changes', QUERY).lateEvents).toBe(0);
    expect(foundAt).not.toBeNull();
    expect(foundAt! - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(15);
    // The poll stops: the clock runs on from the newest event and closes every second delivered.
    expect(store.section('changes', QUERY).analysedUntilMs).toBeLessThan(START + 40_000);
    now += 20_000;
    store.tick();
    expect(store.section('changes', QUERY).analysedUntilMs).toBeGreaterThanOrEqual(START + 40_000);
  });

  it('old events that keep coming after the traffic stopped do not hold the clock: the change still ends', () => {
    let now = START;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const seconds = demoEventsBySecond(40);
    seconds.forEach((events, i) => {
      now = START + (i + 1) * 1000;
      for (const e of events) store.ingest(e, 'demo');
      store.tick();
    });
    const ongoing = () => store.section('changes', QUERY).changes.some((c) => c.distributionId === BAD_CA_DISTRIBUTION && c.end === null);
    expect(ongoing()).toBe(true);
    const old = seconds[0]!.find((e) => e.kind === 'connection') as ConnectionEvent;
    for (let i = 1; i <= 1000 && ongoing(); i++) {
      now += 1000;
      store.ingest(old, 'archive');
      store.tick();
    }
    expect(ongoing()).toBe(false);
  });

  it('a hostile time in the future counts as now: it cannot push the analysis past the clock', () => {
    let now = START;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const seconds = demoEventsBySecond(30);
    const future: ConnectionEvent = {
      ...(seconds[0]!.find((e) => e.kind === 'connection') as ConnectionEvent),
      eventTimestamp: START + 86_400_000,
    };
    seconds.forEach((events, i) => {
      now = START + (i + 1) * 1000;
      for (const e of events) store.ingest(e, 'demo');
      if (i === 5) store.ingest(future, 'hostile');
    });
    const view = store.section('changes', QUERY);
    expect(view.analysedUntilMs).not.toBeNull();
    expect(view.analysedUntilMs!).toBeLessThanOrEqual(now);
    expect(view.lateEvents).toBe(0);
  });

  it('an idle monitor with no change keeps the same section while its clock closes seconds (no redraw a second)', () => {
    let now = START;
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    demoEventsBySecond(10).forEach((events, i) => {
      now = START + (i + 1) * 1000;
      for (const e of events) store.ingest(e, 'demo');
    });
    now += 15_000;
    store.tick();
    const first = store.section('changes', QUERY);
    expect(first.changes).toEqual([]);
    expect(first.analysedUntilMs).not.toBeNull();
    for (let i = 0; i < 5; i++) {
      now += 1000;
      store.tick();
      expect(store.section('changes', QUERY)).toBe(first);
    }
  });

  it('report: analyses every second at the end, keeps ended changes, and counts events too far out of order', () => {
    const store = createReportAggregator();
    const seconds = demoEventsBySecond(175);
    for (const events of seconds) for (const e of events) store.ingest(e, 'file');
    // A second file read after the first, from the start of the story: more than the lag behind.
    for (const e of seconds[2]!) store.ingest(e, 'other-file');
    const view = store.section('changes', QUERY);
    expect(view.lagSeconds).toBe(10);
    expect(view.lateEvents).toBe(seconds[2]!.length);
    const untrusted = view.changes.find((c) => c.failureCode === 'ClientCertUntrusted')!;
    expect(untrusted.distributionId).toBe(BAD_CA_DISTRIBUTION);
    expect(untrusted.end).not.toBeNull();
    expect(store.select().changes).toBe(view);
  });
});
