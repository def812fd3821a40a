import { describe, expect, it } from 'vitest';
import type { ReportChange, ReportChanges, ReportFirewallChange } from '../../src/report/report-changes.js';
import { changesText, TEXT_CHANGES } from '../../src/report/report-changes-text.js';

const change = (over: Partial<ReportChange> = {}): ReportChange => ({
  distributionId: 'E2DX1SLDPK0123',
  tenantId: null,
  failureCode: 'ClientCertUntrusted',
  onset: '2026-11-20T06:00:21.000Z',
  end: '2026-11-20T06:02:15.000Z',
  before: 0.002,
  after: 0.51,
  excessFailures: 42.8,
  attributes: [{ field: 'issuer', value: 'C=US, O=Example, CN=Partner CA G1', share: 0.98, baselineShare: 0.03 }],
  baselineEvents: 5000,
  kind: 'failure-code',
  detectedAt: '2026-11-20T06:00:30.000Z',
  events: 4900,
  sni: 'api.example.com',
  ...over,
});

const firewall = (over: Partial<ReportFirewallChange> = {}): ReportFirewallChange => ({
  kind: 'firewall-revocation',
  failureCode: 'REVOKED/DROP',
  sni: 'revoked.example.com',
  onset: '2026-11-20T06:00:35.000Z',
  end: null,
  detectedAt: '2026-11-20T06:00:40.000Z',
  before: 0,
  after: 3.35,
  unit: 'per-second',
  excessFailures: 3.35,
  events: 385,
  attributes: [],
  baselineEvents: 0,
  ...over,
});

const doc = (over: Partial<ReportChanges> = {}): ReportChanges => ({
  changes: [],
  firewallChanges: [],
  changesNotAnalysed: { lateEvents: 0, lagSeconds: 60 },
  ...over,
});

describe('the text report on changes', () => {
  it('gives a change in three lines: where, what and when; before → after and excess; what the new failures share', () => {
    expect(changesText(doc({ changes: [change()] }))).toEqual([
      'Changes: 1, most excess per second first',
      '1. E2DX1SLDPK0123 (SNI api.example.com)  ClientCertUntrusted  2026-11-20T06:00:21Z to 06:02:15Z',
      '   0.2% → 51% of handshakes  +42.8 failures/s  4,900 failures',
      '   issuer CN=Partner CA G1 98% of new failures (3% before)',
    ]);
  });

  it('prefers the --resolve-names name to the SNI, names the tenant, and says "any failure" for the overall rate', () => {
    const [, line] = changesText(
      doc({ changes: [change({ name: 'payments API', tenantId: 'dt_one', kind: 'failure-rate', failureCode: 'Failed' })] }),
    );
    expect(line).toBe('1. E2DX1SLDPK0123 (payments API) tenant dt_one  any failure  2026-11-20T06:00:21Z to 06:02:15Z');
  });

  it('does not claim a share "before" when there was no baseline to compare with', () => {
    const lines = changesText(
      doc({ changes: [change({ baselineEvents: 0, attributes: [{ field: 'sni', value: 'a.example.com', share: 1, baselineShare: 0 }] })] }),
    );
    expect(lines[3]).toBe('   SNI a.example.com 100% of new failures (no baseline before the onset to compare with)');
  });

  it('an ongoing change says so, an end on another day keeps its date', () => {
    expect(changesText(doc({ changes: [change({ end: null })] }))[1]).toContain('since 2026-11-20T06:00:21Z, ongoing');
    expect(changesText(doc({ changes: [change({ end: '2026-11-21T00:00:05.000Z' })] }))[1]).toContain(
      '2026-11-20T06:00:21Z to 2026-11-21T00:00:05Z',
    );
  });

  it('lists the firewall changes after the distributions, per second', () => {
    const lines = changesText(doc({ firewallChanges: [firewall()] }));
    expect(lines).toEqual([
      'Changes: no changes detected on the distributions',
      '',
      'Firewall changes: 1, most excess per second first',
      '1. revocation REVOKED/DROP  SNI revoked.example.com  since 2026-11-20T06:00:35Z, ongoing',
      '   0.00 → 3.35 entries/s  +3.35/s  385 entries',
      '   nothing the new entries have in common stands out',
    ]);
  });

  it('lists the first changes and counts the rest, never dropping them silently', () => {
    const many = Array.from({ length: TEXT_CHANGES + 3 }, (_, i) => change({ distributionId: `E${i}`, excessFailures: 100 - i }));
    const lines = changesText(doc({ changes: many }));
    expect(lines[0]).toBe(`Changes: ${TEXT_CHANGES + 3}, most excess per second first`);
    expect(lines.at(-1)).toBe('… and 3 more (all of them in --json)');
  });

  it('says how many events were not analysed, and that nothing was found only among the others', () => {
    expect(changesText(doc({ changesNotAnalysed: { lateEvents: 1, lagSeconds: 10 } }))).toEqual([
      'Changes: no changes detected in the events analysed',
      'Not analysed for changes: 1 event more than 10 s of event time behind the newest when read (they are in every other figure)',
    ]);
    expect(changesText(doc())).toEqual(['Changes: no changes detected']);
  });
});
