/**
 * What a change series is about, and the names it goes by in the output. Connection
 * series belong to a unit: a distribution (tenantId null, all its handshakes) or one
 * tenant of a distribution. Each unit has one series per failure code, one for its
 * overall failure rate and one for its handshake p99. Firewall series are per
 * (SNI, revocation status, action) for revocation checks and per TLS error class.
 */
import type { TlsErrorClass } from '../../events/types.js';

/** The kinds of series a change can come from. */
export type ChangeKind = 'failure-code' | 'failure-rate' | 'latency-p99' | 'firewall-revocation' | 'firewall-tls-error';

/** failureCode of an overall failure-rate change (the store's filter word for "any failure"). */
export const ANY_FAILURE = 'Failed';
/** failureCode of a handshake-latency change. */
export const P99_CODE = 'p99';

/** Map key of a unit. */
export function unitKey(distributionId: string, tenantId: string | null): string {
  return tenantId === null ? distributionId : `${distributionId}\u0001${tenantId}`;
}

/** failureCode of a revocation-check series: `REVOKED/DROP`. */
export function revocationCode(status: string, action: string): string {
  return `${status}/${action}`;
}

/** Map key of a firewall series. */
export function firewallSeriesKey(kind: 'firewall-revocation', sni: string, code: string): string;
export function firewallSeriesKey(kind: 'firewall-tls-error', errorClass: TlsErrorClass): string;
export function firewallSeriesKey(kind: 'firewall-revocation' | 'firewall-tls-error', a: string, b?: string): string {
  return kind === 'firewall-revocation' ? `rev\u0001${a}\u0001${b}` : `tls\u0001${a}`;
}

/** A change's stable id: its series and onset. */
export function changeId(
  kind: ChangeKind,
  distributionId: string | null,
  tenantId: string | null,
  failureCode: string,
  sni: string | null,
  onsetMs: number,
): string {
  return [kind, distributionId ?? '', tenantId ?? '', failureCode, sni ?? '', String(onsetMs)].join('|');
}
