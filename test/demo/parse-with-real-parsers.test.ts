import { describe, expect, it } from 'vitest';
import { createLineParser } from '../../src/parsers/line-parser.js';
import { DemoGenerator } from '../../src/sources/demo/generator.js';
import { w3cHeader } from '../../src/sources/demo/log-formats.js';

const START = Date.parse('2026-11-24T07:00:00Z');

function tally(lines: readonly string[]): { events: number; malformed: number; statuses: Map<string, number> } {
  const parser = createLineParser();
  const statuses = new Map<string, number>();
  let events = 0;
  let malformed = 0;
  for (const line of lines) {
    const outcome = parser.parse(line);
    if (outcome.type === 'malformed') malformed++;
    if (outcome.type !== 'event') continue;
    events++;
    const key = outcome.event.kind === 'connection' ? outcome.event.connectionStatus : outcome.event.category;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  return { events, malformed, statuses };
}

describe('demo output through the real parsers', () => {
  it('parses every generated line; only the hostile ones count as malformed', () => {
    const clean = new DemoGenerator({ seed: 21, startMs: START, hostile: false }).advanceTo(60_000);
    const json = tally(clean.connectionsJson);
    const w3c = tally([...w3cHeader(), ...clean.connectionsW3c]);
    const firewall = tally(clean.firewall);
    expect(json.malformed).toBe(0);
    expect(w3c.malformed).toBe(0);
    expect(firewall.malformed).toBe(0);
    expect(json.events).toBe(clean.connectionsJson.length);
    expect(w3c.events).toBe(clean.connectionsW3c.length);
    expect(firewall.events).toBe(clean.firewall.length);
    expect(firewall.statuses.get('revocation_check')).toBeGreaterThan(0);
    expect(firewall.statuses.get('tls_error')).toBeGreaterThan(0);
    expect(w3c.statuses.get('Success')).toBeGreaterThan(0);

    const hostile = new DemoGenerator({ seed: 21, startMs: START }).advanceTo(5_000);
    const hostileJson = tally(hostile.connectionsJson);
    const hostileW3c = tally([...w3cHeader(), ...hostile.connectionsW3c]);
    const hostileFirewall = tally(hostile.firewall);
    expect(hostileJson.malformed).toBeGreaterThanOrEqual(4);
    expect(hostileW3c.malformed).toBeGreaterThanOrEqual(2);
    expect(hostileFirewall.malformed).toBeGreaterThanOrEqual(2);
    // The escape-laden records are valid records: they must reach the store (and the sanitiser).
    expect(hostileJson.events + hostileJson.malformed).toBe(hostile.connectionsJson.length);
  });
});
