/** Folding firewall kind counts of buckets into the firewall pane's breakdowns. Pure. */
import type { TlsErrorClass } from '../events/types.js';
import type { CountBucket } from './count-bucket.js';
import type { FirewallKindRegistry } from './group-registry.js';
import type { FirewallSummary, TopEntry } from './types.js';

/** Sum firewall kinds over `buckets`; the SNI and destination tables are passed in. */
export function summarizeFirewall(
  buckets: readonly CountBucket[],
  kinds: FirewallKindRegistry,
  bySni: TopEntry[],
  byDestination: TopEntry[],
  undercount: FirewallSummary['undercount'],
): FirewallSummary {
  const byErrorClass: Record<TlsErrorClass, number> = { missing_sni: 0, sni_mismatch: 0, other: 0 };
  const revocation: Record<string, Record<string, number>> = {};
  let total = 0;
  let tlsErrors = 0;
  let revocationChecks = 0;
  let other = 0;
  for (const b of buckets) {
    for (const [id, n] of b.firewall) {
      const kind = kinds.kinds[id];
      if (kind === undefined || n <= 0) continue;
      total += n;
      if (kind.category === 'tls_error') {
        tlsErrors += n;
        const cls = (kind.errorClass ?? 'other') as TlsErrorClass;
        byErrorClass[cls in byErrorClass ? cls : 'other'] += n;
      } else if (kind.category === 'revocation_check') {
        revocationChecks += n;
        const status = kind.revocationStatus ?? 'UNKNOWN';
        const action = kind.revocationAction ?? 'UNKNOWN';
        const byAction = (revocation[status] ??= {});
        byAction[action] = (byAction[action] ?? 0) + n;
      } else {
        other += n;
      }
    }
  }
  const round = (x: number): number => Math.round(x);
  for (const byAction of Object.values(revocation)) for (const a of Object.keys(byAction)) byAction[a] = round(byAction[a]!);
  return {
    total: round(total),
    tlsErrors: round(tlsErrors),
    revocationChecks: round(revocationChecks),
    other: round(other),
    byErrorClass: {
      missing_sni: round(byErrorClass.missing_sni),
      sni_mismatch: round(byErrorClass.sni_mismatch),
      other: round(byErrorClass.other),
    },
    bySni,
    byDestination,
    undercount,
    revocation,
  };
}
