import { describe, expect, it } from 'vitest';
import { BAD_CA_DISTRIBUTION, DISTRIBUTIONS } from '../../src/sources/demo/cast.js';
import { DemoGenerator, type DemoBatch } from '../../src/sources/demo/generator.js';
import { CLEAR_SCREEN, OSC_TITLE } from '../../src/sources/demo/hostile-lines.js';
import { W3C_FIELDS } from '../../src/sources/demo/log-formats.js';
import { STORY_MARKS } from '../../src/sources/demo/story.js';

const START = Date.parse('2026-11-24T07:00:00Z');

function generate(seed: number, untilMs: number, stepsOf = untilMs, rate = 120): DemoBatch {
  const generator = new DemoGenerator({ seed, startMs: START, rate });
  const all: DemoBatch = { connectionsJson: [], connectionsW3c: [], firewall: [] };
  for (let t = stepsOf; t <= untilMs; t += stepsOf) {
    const batch = generator.advanceTo(t);
    all.connectionsJson.push(...batch.connectionsJson);
    all.connectionsW3c.push(...batch.connectionsW3c);
    all.firewall.push(...batch.firewall);
  }
  return all;
}

interface Conn {
  eventTimestamp: number;
  connectionId: string;
  connectionStatus: string;
  distributionId: string;
  clientLeafCertValidity?: string;
}

/** JSON connection records that parse, without the hostile ones. */
function connections(batch: DemoBatch): Conn[] {
  const out: Conn[] = [];
  for (const line of batch.connectionsJson) {
    try {
      const record = JSON.parse(line) as Conn | null;
      if (record && typeof record.eventTimestamp === 'number' && !record.connectionId?.startsWith('hostile')) out.push(record);
    } catch {
      // hostile line
    }
  }
  return out;
}

function untrustedShare(records: Conn[], fromMs: number, toMs: number): number {
  const slice = records.filter(
    (r) => r.distributionId === BAD_CA_DISTRIBUTION && r.eventTimestamp >= START + fromMs && r.eventTimestamp < START + toMs,
  );
  const untrusted = slice.filter((r) => r.connectionStatus === 'Failed:ClientCertUntrusted').length;
  return slice.length === 0 ? 0 : untrusted / slice.length;
}

describe('DemoGenerator', () => {
  it('writes the same lines for the same seed, however time is sliced', () => {
    const once = generate(7, 30_000);
    const sliced = generate(7, 30_000, 1_000);
    expect(sliced).toEqual(once);
    const other = generate(8, 30_000);
    expect(other.connectionsJson).not.toEqual(once.connectionsJson);
  });

  it('keeps the configured rate exactly (whole steps, fractional carry)', () => {
    const generator = new DemoGenerator({ seed: 1, startMs: START, rate: 123, hostile: false });
    const batch = generator.advanceTo(10_000);
    expect(batch.connectionsJson.length + batch.connectionsW3c.length).toBe(1230);
    expect(generator.storyMs).toBe(10_000);
  });

  it('gives every distribution traffic, in both connection formats, with tenants on some', () => {
    const batch = generate(3, 20_000);
    const json = connections(batch);
    const w3cIds = new Set(batch.connectionsW3c.map((line) => line.split('\t')[1]));
    const ids = new Set([...json.map((r) => r.distributionId), ...w3cIds]);
    for (const distribution of DISTRIBUTIONS) expect(ids).toContain(distribution.distributionId);
    expect(batch.connectionsJson.some((line) => line.includes('"distributionTenantId":"dt_'))).toBe(true);
    expect(batch.connectionsW3c.some((line) => line.split('\t')[2]?.startsWith('dt_'))).toBe(true);
  });

  it('plays the rollout: ClientCertUntrusted climbs on one distribution, then fades after the rollback', () => {
    const records = connections(generate(11, 180_000));
    const before = untrustedShare(records, 0, STORY_MARKS.rolloutStart);
    const during = untrustedShare(records, STORY_MARKS.rolloutComplete, STORY_MARKS.rollbackStart);
    const after = untrustedShare(records, STORY_MARKS.rollbackComplete, 180_000);
    expect(before).toBe(0);
    expect(during).toBeGreaterThan(0.4);
    expect(after).toBe(0);
    const elsewhere = records.filter(
      (r) => r.distributionId !== BAD_CA_DISTRIBUTION && r.connectionStatus === 'Failed:ClientCertUntrusted',
    );
    expect(elsewhere).toHaveLength(0);
  });

  it('keeps a background of assorted failures in the steady phase', () => {
    const steady = connections(generate(5, STORY_MARKS.rolloutStart));
    const codes = new Set(steady.filter((r) => r.connectionStatus !== 'Success').map((r) => r.connectionStatus));
    for (const code of ['Failed:ClientCertExpired', 'Failed:TcpTimeout', 'Failed:ClientCertMissing']) expect(codes).toContain(code);
    const failureRate = steady.filter((r) => r.connectionStatus !== 'Success').length / steady.length;
    expect(failureRate).toBeGreaterThan(0.005);
    expect(failureRate).toBeLessThan(0.06);
  });

  it('starts the firewall dropping the revoked certificate, and surges SNI errors', () => {
    const batch = generate(2, 100_000);
    const entries = batch.firewall.flatMap((line) => {
      try {
        return [
          JSON.parse(line) as {
            event_timestamp: number | string;
            event: { revocation_check?: { status: string; action: string }; tls_error?: unknown };
          },
        ];
      } catch {
        return [];
      }
    });
    const atMs = (e: { event_timestamp: number | string }): number => Number(e.event_timestamp) * 1000 - START;
    const revoked = entries.filter((e) => e.event?.revocation_check?.status === 'REVOKED' && e.event.revocation_check.action === 'DROP');
    expect(revoked.length).toBeGreaterThan(100);
    expect(revoked.every((e) => atMs(e) >= STORY_MARKS.revocationStart - 1000)).toBe(true);
    const tlsErrors = (from: number, to: number): number =>
      entries.filter((e) => e.event?.tls_error && atMs(e) >= from && atMs(e) < to).length;
    expect(tlsErrors(STORY_MARKS.sniSurgeStart, STORY_MARKS.sniSurgeStart + 20_000)).toBeGreaterThan(3 * tlsErrors(0, 20_000));
    expect(batch.firewall.some((line) => line.includes('Server name is not found in client hello.'))).toBe(true);
    expect(batch.firewall.some((line) => line.includes('Match Failed to server certificate names'))).toBe(true);
  });

  it('has client certificates that expire within days', () => {
    const records = connections(generate(4, 20_000));
    const soon = new Set(
      records
        .map((r) => /NotAfter=([^;]+)/.exec(r.clientLeafCertValidity ?? '')?.[1])
        .filter((text): text is string => text !== undefined)
        .filter((text) => {
          const left = Date.parse(text) - START;
          return left > 0 && left < 7 * 86_400_000;
        }),
    );
    expect(soon.size).toBeGreaterThanOrEqual(4);
  });

  it('mixes in hostile lines: escape sequences, truncated JSON, garbage', () => {
    const batch = generate(1, 5_000);
    const jsonEscaped = JSON.stringify(OSC_TITLE).slice(1, -1);
    expect(batch.connectionsJson.some((line) => line.includes(jsonEscaped))).toBe(true);
    expect(batch.connectionsW3c.some((line) => line.includes(OSC_TITLE) && line.includes(CLEAR_SCREEN))).toBe(true);
    expect(batch.firewall.some((line) => line.includes(JSON.stringify(CLEAR_SCREEN).slice(1, -1)))).toBe(true);
    const unparsable = batch.connectionsJson.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(unparsable.length).toBeGreaterThanOrEqual(3);
    expect(batch.connectionsW3c.some((line) => line.split('\t').length !== W3C_FIELDS.length)).toBe(true);
  });

  it('writes timestamps in order within each file, inside the story span', () => {
    const batch = generate(6, 10_000);
    const stamps = connections(batch).map((r) => r.eventTimestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps[0]).toBeGreaterThanOrEqual(START);
    expect(stamps[stamps.length - 1]).toBeLessThan(START + 10_000);
  });
});
