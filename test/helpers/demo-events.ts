/**
 * The demo story as parsed events, second by second, the way the monitor reads it: the
 * demo generator's three logs (CloudFront JSON and W3C, firewall) through the real line
 * parsers. Story time 0 is DEMO_START.
 */
import type { LogEvent } from '../../src/events/types.js';
import { createLineParser } from '../../src/parsers/index.js';
import { DemoGenerator } from '../../src/sources/demo/index.js';

/** Epoch ms of story time 0. */
export const DEMO_START = Date.UTC(2026, 10, 20, 6, 0, 0);

/** The events of each second of story time up to `seconds` (index i holds second i to i + 1). */
export function demoEventsBySecond(seconds: number, seed = 7): LogEvent[][] {
  const generator = new DemoGenerator({ seed, startMs: DEMO_START });
  const parsers = [createLineParser(), createLineParser(), createLineParser()];
  const out: LogEvent[][] = [];
  for (let t = 1000; t <= seconds * 1000; t += 1000) {
    const batch = generator.advanceTo(t);
    const events: LogEvent[] = [];
    [batch.connectionsJson, batch.connectionsW3c, batch.firewall].forEach((lines, i) => {
      for (const line of lines) {
        const outcome = parsers[i]!.parse(line);
        if (outcome.type === 'event') events.push(outcome.event);
      }
    });
    out.push(events);
  }
  return out;
}
