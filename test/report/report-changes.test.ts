/**
 * `tlstop report` says what changed (issue 11): `changes` (distribution changes in the
 * issue's exact shape, ranked by impact), `firewallChanges` and `changesNotAnalysed` in
 * JSON, and the changes first in the text report, escaped; all through the real CLI, on
 * the demo story written as log files and on small logs made for one case each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BAD_CA_DISTRIBUTION, DROPPED_ISSUER, REVOKED_HOST, STORY_MARKS } from '../../src/sources/demo/index.js';
import { bufferIo } from '../cli/buffer-io.js';
import { DEMO_FILES_START } from './demo-log-files.js';
import { writeInputOrderCases, type InputOrderCase } from './input-order-cases.js';
import { connectionLine, writeLines } from './synthetic-logs.js';

let dir: string;
let cases: InputOrderCase[];
const caseFiles = (name: string): string[] => cases.find((c) => c.name === name)!.files;
const THREE_LOGS_DIRECTORY = 'overlapping, JSON + W3C + firewall (directory)';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function report(files: string[], ...options: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await main(['report', ...files.flatMap((f) => ['--file', f]), ...options], io);
  return { code, out: io.out(), err: io.err() };
}

async function reportJson(files: string[], ...options: string[]): Promise<Json> {
  const { code, out, err } = await report(files, '--json', ...options);
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out);
}

const storySeconds = (isoTime: string | null): number => (isoTime === null ? NaN : (Date.parse(isoTime) - DEMO_FILES_START) / 1000);
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-report-changes-'));
  cases = await writeInputOrderCases(join(dir, 'story'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report --json: changes', () => {
  it('names the demo story change, in the issue shape: ISO onset and end, rates 0..1, the code without Failed:, the issuer to blame', async () => {
    const doc = await reportJson(caseFiles(THREE_LOGS_DIRECTORY));
    // The steady distributions are not in it: one change, on the distribution that got the bad CA bundle.
    expect(doc.changes).toHaveLength(1);
    const [change] = doc.changes;
    for (const key of ['distributionId', 'tenantId', 'failureCode', 'onset', 'end', 'before', 'after', 'excessFailures', 'attributes'])
      expect(change).toHaveProperty(key);
    expect(change).toMatchObject({
      distributionId: BAD_CA_DISTRIBUTION,
      tenantId: null,
      failureCode: 'ClientCertUntrusted',
      kind: 'failure-code',
    });
    expect(doc.connections.byStatus).toHaveProperty(`Failed:${change.failureCode}`);
    expect(change.onset).toMatch(ISO_UTC);
    expect(change.end).toMatch(ISO_UTC);
    expect(storySeconds(change.onset) - STORY_MARKS.rolloutStart / 1000).toBeGreaterThanOrEqual(0);
    expect(storySeconds(change.onset) - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(5);
    expect(storySeconds(change.end)).toBeGreaterThan(STORY_MARKS.rollbackStart / 1000);
    expect(storySeconds(change.end)).toBeLessThanOrEqual(STORY_MARKS.rollbackComplete / 1000 + 3);
    expect(change.before).toBeGreaterThanOrEqual(0);
    expect(change.before).toBeLessThan(0.01);
    expect(change.after).toBeGreaterThan(0.4);
    expect(change.after).toBeLessThanOrEqual(1);
    expect(change.excessFailures).toBeGreaterThan(10);
    const issuer = change.attributes.find((a: Json) => a.field === 'issuer');
    expect(issuer).toMatchObject({ value: DROPPED_ISSUER });
    expect(issuer.share).toBeGreaterThan(0.95);
    for (const a of change.attributes) expect(Object.keys(a).sort()).toEqual(['baselineShare', 'field', 'share', 'value']);
    expect(change.sni).toBe('api.payments.example.com');
    expect(doc.changesNotAnalysed).toEqual({ lateEvents: 0, lagSeconds: 10 });
  });

  it('keeps the firewall changes apart, per second, ranked by excess', async () => {
    const doc = await reportJson(caseFiles(THREE_LOGS_DIRECTORY));
    const revoked = doc.firewallChanges.find((c: Json) => c.kind === 'firewall-revocation' && c.sni === REVOKED_HOST.sni);
    expect(revoked).toMatchObject({ failureCode: 'REVOKED/DROP', unit: 'per-second' });
    expect(revoked.after).toBeGreaterThan(1);
    expect(revoked.onset).toMatch(ISO_UTC);
    expect(
      doc.firewallChanges
        .filter((c: Json) => c.kind === 'firewall-tls-error')
        .map((c: Json) => c.failureCode)
        .sort(),
    ).toEqual(['missing_sni', 'sni_mismatch']);
    const excess = doc.firewallChanges.map((c: Json) => c.excessFailures);
    expect(excess).toEqual([...excess].sort((a: number, b: number) => b - a));
    for (const c of doc.changes) expect(c.distributionId).not.toBeNull();
  });

  it('ranks changes by excess failures, gives a p99 change as the share of slow handshakes, and --distribution narrows them', async () => {
    const logs = join(dir, 'two-changes.jsonl');
    // 10 min steady on three distributions; then EBIG fails half its handshakes (5/s), and 3 in 10 of ESLOW's take 800 ms.
    await writeLines(logs, (second, i) => {
      const late = second >= 600;
      return [
        connectionLine(second, i, {
          distributionId: 'EBIG',
          connectionStatus: late && i % 2 === 0 ? 'Failed:ClientCertRevoked' : 'Success',
        }),
        connectionLine(second, i, { distributionId: 'ESLOW', tlsHandshakeDuration: late && i < 3 ? 800 + (second % 7) : 60 + (i % 20) }),
        connectionLine(second, i, { distributionId: 'ESTEADY' }),
      ];
    });
    const doc = await reportJson([logs]);
    expect(doc.changes.map((c: Json) => [c.distributionId, c.failureCode])).toEqual([
      ['EBIG', 'ClientCertRevoked'],
      ['ESLOW', 'p99'],
    ]);
    const slow = doc.changes[1];
    expect(slow.kind).toBe('latency-p99');
    // The share of handshakes over the test's threshold: under 1 % before, 3 in 10 since.
    expect(slow.before).toBeLessThan(0.01);
    expect(slow.after).toBeGreaterThan(0.25);
    expect(slow.after).toBeLessThan(0.35);
    expect(slow.excessFailures).toBeLessThan(doc.changes[0].excessFailures);
    expect(slow.p99BeforeMs).toBeLessThan(100);
    expect(slow.p99AfterMs).toBeGreaterThan(700);
    expect(slow.slowerThanMs).toBeGreaterThan(slow.p99BeforeMs);
    expect(slow.end).toBeNull();
    const narrowed = await reportJson([logs], '--distribution', 'ESLOW');
    expect(narrowed.changes.map((c: Json) => c.distributionId)).toEqual(['ESLOW']);
  });
});

describe('report text: changes first', () => {
  it('prints the changes before every table, two lines and the attributes a change', async () => {
    const { code, out } = await report(caseFiles(THREE_LOGS_DIRECTORY));
    expect(code).toBe(0);
    const lines = out.split('\n');
    const changes = lines.indexOf('Changes: 1, most excess per second first');
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThan(lines.findIndex((l) => l.startsWith('Connections  total')));
    expect(lines[changes + 1]).toMatch(
      /^1\. E2DX1SLDPK0123 \(SNI api\.payments\.example\.com\) {2}ClientCertUntrusted {2}2026-11-20T06:00:2\dZ to 06:02:1\dZ$/,
    );
    expect(lines[changes + 2]).toMatch(/^ {3}0\.\d+% → 5\d% of handshakes {2}\+\d+\.\d failures\/s {2}[\d,]+ failures$/);
    expect(lines[changes + 3]).toContain('issuer CN=Example Payments Partner CA G1 100%');
    expect(out).toContain('Firewall changes: ');
    expect(out).toMatch(/revocation REVOKED\/DROP {2}SNI updates\.vendor-cdn\.example\.com/);
    expect(out).not.toContain('Not analysed');
  });

  it('says "no changes detected" when nothing changed', async () => {
    const logs = join(dir, 'steady.jsonl');
    await writeLines(logs, (second, i) => [connectionLine(second, i, { distributionId: 'ESTEADY' })], 120);
    const { out } = await report([logs]);
    expect(out.split('\n')).toContain('Changes: no changes detected');
    expect((await reportJson([logs])).changes).toEqual([]);
  });

  it('escapes every log-derived string of a change: distribution, code, SNI, attribute values', async () => {
    const logs = join(dir, 'hostile.jsonl');
    const hostileId = 'E\u001b]0;owned\u0007X';
    await writeLines(logs, (second, i) => [
      connectionLine(second, i, {
        distributionId: hostileId,
        tlsSni: 'api\u001b[2J.example.com',
        clientLeafCertIssuer: second >= 600 && i % 2 === 0 ? 'CN=Evil\u202eCA\u0007' : 'CN=Good CA',
        connectionStatus: second >= 600 && i % 2 === 0 ? 'Failed:Bad\u001b[31mCode' : 'Success',
      }),
    ]);
    const { out } = await report([logs]);
    expect(out).not.toMatch(CONTROL);
    expect(out).not.toContain('\u202e');
    const line = out.split('\n').find((l) => l.startsWith('1. '))!;
    expect(line).toContain('E\\x1b]0;owned\\x07X (SNI api\\x1b[2J.example.com)');
    const json = await report([logs], '--json');
    expect(json.out).not.toMatch(CONTROL);
    const doc = JSON.parse(json.out);
    expect(doc.changes[0].distributionId).toBe(hostileId);
    expect(doc.changes[0].attributes.some((a: Json) => a.value === 'CN=Evil\u202eCA\u0007')).toBe(true);
  });
});

describe('report over several files: the same changes as one time-ordered file', () => {
  it('rotated files named newest first (plain and gzip), as a glob or a directory: nothing late, the very same changes', async () => {
    const single = await reportJson(caseFiles('one time-ordered file'));
    expect(single.changes).toHaveLength(1);
    for (const name of ['rotated, as a glob (cf.log*)', 'rotated, as a directory']) {
      const doc = await reportJson(caseFiles(name));
      expect(doc.changesNotAnalysed.lateEvents, name).toBe(0);
      expect(doc.changes, name).toEqual(single.changes);
    }
  });

  it('files side by side (two edges, plain and gzip): nothing late, the same changes but for the order of events within a second', async () => {
    const single = await reportJson(caseFiles('one time-ordered file'));
    const doc = await reportJson(caseFiles('overlapping, two edges (directory)'));
    expect(doc.changesNotAnalysed.lateEvents).toBe(0);
    // Interleaved differently within a second: the attribute tables (seeded from a ring of
    // the latest failures) and the millisecond of detection may differ a little.
    // The sampled baseline rolls at other moments too, so its size differs by some percent.
    const figures = (c: Json) => ({
      ...c,
      detectedAt: c.detectedAt.slice(0, 19),
      attributes: c.attributes.map((a: Json) => [a.field, a.value]),
      baselineEvents: undefined,
    });
    expect(doc.changes.map(figures)).toEqual(single.changes.map(figures));
    for (const [i, change] of doc.changes.entries())
      expect(Math.abs(change.baselineEvents / single.changes[i].baselineEvents - 1)).toBeLessThan(0.2);
    for (const [i, change] of doc.changes.entries())
      for (const [j, a] of change.attributes.entries())
        expect(Math.abs(a.share - single.changes[i].attributes[j].share)).toBeLessThan(0.01);
  });

  it('three logs side by side in a directory find what they find as one interleaved file', async () => {
    const together = await reportJson(caseFiles('JSON + W3C + firewall, one time-ordered file'));
    const apart = await reportJson(caseFiles(THREE_LOGS_DIRECTORY));
    expect(apart.changesNotAnalysed.lateEvents).toBe(0);
    const shape = (doc: Json) =>
      [...doc.changes, ...doc.firewallChanges].map((c: Json) => [c.kind, c.distributionId ?? c.sni, c.failureCode, c.onset, c.end]);
    expect(shape(apart)).toEqual(shape(together));
  });

  it('what cannot be put in order is said: a file written out of order counts its events as not analysed', async () => {
    const logs = join(dir, 'shuffled.jsonl');
    // The second half of the story first, then the first: the first half is minutes behind.
    await writeLines(logs, (second, i) => [connectionLine(second < 150 ? second + 150 : second - 150, i, { distributionId: 'E1' })], 300);
    const doc = await reportJson([logs]);
    expect(doc.changesNotAnalysed.lateEvents).toBe(150 * 10);
    expect(doc.connections.total).toBe(300 * 10);
    const { out } = await report([logs]);
    expect(out.split('\n')).toContain('Changes: no changes detected in the events analysed');
    expect(out).toContain('Not analysed for changes: 1,500 events more than 10 s of event time behind the newest when read');
  });
});
