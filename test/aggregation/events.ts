/** Event builders for the aggregation tests. */
import type { ConnectionEvent, FirewallEvent } from '../../src/events/types.js';

/** A connection event with sensible defaults; `status` is the raw connectionStatus. */
export function conn(timeMs: number, status = 'Success', extra: Partial<ConnectionEvent> = {}): ConnectionEvent {
  const failed = status !== 'Success';
  return {
    kind: 'connection',
    eventTimestamp: timeMs,
    connectionStatus: status,
    outcome: failed ? 'failed' : 'success',
    failureCode: failed ? status.replace(/^Failed:/, '') : null,
    distributionId: 'E1',
    clientIp: '10.0.0.1',
    tlsSni: 'api.example.com',
    clientLeafCertSubject: 'CN=client-1',
    clientLeafCertIssuer: 'CN=Issuing CA',
    clientLeafCertSerialNumber: '01:02',
    tlsHandshakeDuration: 10,
    ...extra,
  };
}

/** A firewall TLS error entry. */
export function fwTlsError(timeMs: number, sni: string, cls: 'missing_sni' | 'sni_mismatch' | 'other' = 'sni_mismatch'): FirewallEvent {
  return {
    kind: 'firewall',
    timestampMs: timeMs,
    category: 'tls_error',
    tlsErrorClass: cls,
    event: { sni, dest_ip: '10.1.1.1', dest_port: '443', tls_error: { error_message: 'x' } },
  };
}

/** A firewall revocation check entry. */
export function fwRevocation(timeMs: number, status: string, action: string, sni = 'pay.example.com'): FirewallEvent {
  return {
    kind: 'firewall',
    timestampMs: timeMs,
    category: 'revocation_check',
    event: { sni, dest_ip: '10.2.2.2', dest_port: '8443', revocation_check: { status, action, leaf_cert_fpr: 'ab' } },
  };
}

/** A fake clock starting at `startMs`. */
export function fakeClock(startMs: number): { now: () => number; set: (t: number) => void; advance: (ms: number) => void } {
  let t = startMs;
  return {
    now: () => t,
    set: (v) => {
      t = v;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
