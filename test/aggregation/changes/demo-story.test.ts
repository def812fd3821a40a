import { describe, expect, it } from 'vitest';
import { DEMO_START, demoEventsBySecond } from '../../helpers/demo-events.js';
import { ChangeDetector } from '../../../src/aggregation/changes/change-detector.js';
import type { Change } from '../../../src/aggregation/changes/types.js';
import { BAD_CA_DISTRIBUTION, DROPPED_ISSUER, REVOKED_HOST, STORY_MARKS } from '../../../src/sources/demo/index.js';

const START = DEMO_START;
const sec = (ms: number | null): number => (ms === null ? NaN : (ms - START) / 1000);

/** One play of the demo story, through the real parsers, second by second, as the monitor would read it. */
function playDemo(seconds: number, options: ConstructorParameters<typeof ChangeDetector>[0] = {}): readonly Change[] {
  const detector = new ChangeDetector(options);
  for (const events of demoEventsBySecond(seconds)) for (const e of events) detector.observe(e);
  detector.flush();
  return detector.changes();
}

describe('ChangeDetector on the demo story', () => {
  const changes = playDemo(179);

  it('finds the bad CA bundle: ClientCertUntrusted on the distribution, since the rollout, ended by the rollback, the dropped issuer to blame', () => {
    const untrusted = changes.filter((c) => c.failureCode === 'ClientCertUntrusted');
    expect(untrusted).toHaveLength(1);
    const c = untrusted[0]!;
    expect(c).toMatchObject({ kind: 'failure-code', distributionId: BAD_CA_DISTRIBUTION });
    // The share of untrusted handshakes ramps up from the rollout's start: the onset is within its first seconds.
    expect(sec(c.onset) - STORY_MARKS.rolloutStart / 1000).toBeGreaterThanOrEqual(0);
    expect(sec(c.onset) - STORY_MARKS.rolloutStart / 1000).toBeLessThanOrEqual(5);
    expect(sec(c.end)).toBeGreaterThan(STORY_MARKS.rollbackStart / 1000);
    expect(sec(c.end)).toBeLessThanOrEqual(STORY_MARKS.rollbackComplete / 1000 + 3);
    expect(c.attributes[0]).toMatchObject({ field: 'issuer', value: DROPPED_ISSUER });
    expect(c.attributes[0]!.share).toBeGreaterThan(0.99);
    // The dropped issuer signs about half of the distribution's client certificates.
    expect(c.attributes[0]!.baselineShare).toBeGreaterThan(0.4);
    expect(c.attributes[0]!.baselineShare).toBeLessThan(0.75);
    expect(changes[0]).toBe(c);
  });

  it('finds the revoked host dropped by the firewall, and the SNI errors climbing', () => {
    const revoked = changes.find((c) => c.kind === 'firewall-revocation' && c.sni === REVOKED_HOST.sni);
    expect(revoked).toMatchObject({ failureCode: 'REVOKED/DROP' });
    expect(Math.abs(sec(revoked!.onset) - STORY_MARKS.revocationStart / 1000)).toBeLessThanOrEqual(2);
    expect(Math.abs(sec(revoked!.end) - STORY_MARKS.revocationEnd / 1000)).toBeLessThanOrEqual(3);
    expect(revoked!.attributes[0]).toMatchObject({ field: 'destination', value: `${REVOKED_HOST.dest}:443` });
    const sni = changes.filter((c) => c.kind === 'firewall-tls-error');
    expect(sni.map((c) => c.failureCode).sort()).toEqual(['missing_sni', 'sni_mismatch']);
    for (const c of sni) {
      expect(Math.abs(sec(c.onset) - STORY_MARKS.sniSurgeStart / 1000)).toBeLessThanOrEqual(3);
      expect(Math.abs(sec(c.end) - STORY_MARKS.sniSurgeEnd / 1000)).toBeLessThanOrEqual(3);
    }
  });

  it('finds nothing else: the steady distributions and the hostile lines raise no change', () => {
    const explained = changes.filter((c) => c.failureCode === 'ClientCertUntrusted' || c.kind.startsWith('firewall'));
    expect(changes.length - explained.length).toBe(0);
  });

  it('says how much baseline the attributes were compared with: thousands of handshakes here, none with a 60 s lag 20 s into the data', () => {
    const untrusted = changes.find((c) => c.failureCode === 'ClientCertUntrusted')!;
    expect(untrusted.baselineEvents).toBeGreaterThan(1000);
    // The baseline settles in steps of the lag: with the report's 60 s, a change 20 s in has none yet, and says so.
    const late = playDemo(179, { lagSeconds: 60 }).find((c) => c.failureCode === 'ClientCertUntrusted')!;
    expect(late.baselineEvents).toBeLessThan(20);
  });
});
