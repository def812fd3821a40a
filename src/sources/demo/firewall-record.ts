/**
 * Network Firewall TLS log entries of the demo: TLS errors (missing SNI, SNI mismatch)
 * and revocation-check failures, shaped as in AWS's documentation.
 */
import { FIREWALLS, MISMATCHED_SNI, REVOKED_HOST, UNKNOWN_HOST } from './cast.js';
import type { Prng } from '../../random/prng.js';

/** A Network Firewall TLS log entry as written to the log. */
export interface FirewallRecord {
  firewall_name: string;
  availability_zone: string;
  /** Epoch seconds; AWS's own examples show it both as a number and as a string. */
  event_timestamp: number | string;
  event: {
    timestamp: string;
    src_ip: string;
    src_port: string;
    dest_ip: string;
    dest_port: string;
    sni: string;
    tls_error?: { error_message: string };
    revocation_check?: { leaf_cert_fpr: string; status: string; action: string };
  };
}

/** ISO 8601 with microseconds, as the firewall writes it. */
function microsIso(ms: number, prng: Prng): string {
  const micros = String(prng.int(0, 999)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

function envelope(prng: Prng, timestampMs: number, dest: string, sni: string): FirewallRecord {
  const firewall = prng.pick(FIREWALLS);
  const seconds = Math.floor(timestampMs / 1000);
  return {
    firewall_name: firewall.name,
    availability_zone: firewall.zone,
    event_timestamp: prng.chance(0.1) ? String(seconds) : seconds,
    event: {
      timestamp: microsIso(timestampMs, prng),
      src_ip: `10.0.${prng.int(1, 4)}.${prng.int(10, 250)}`,
      src_port: String(prng.int(32768, 60999)),
      dest_ip: dest,
      dest_port: '443',
      sni,
    },
  };
}

/** A TLS error entry: a missing SNI (about 60%) or an SNI that matches no certificate name. */
export function buildTlsError(prng: Prng, timestampMs: number): FirewallRecord {
  if (prng.chance(0.6)) {
    const record = envelope(prng, timestampMs, `10.0.1.${prng.int(10, 60)}`, '-');
    record.event.tls_error = { error_message: 'Server name is not found in client hello.' };
    return record;
  }
  const mismatch = prng.pick(MISMATCHED_SNI);
  const record = envelope(prng, timestampMs, `91.212.12.${prng.int(2, 250)}`, mismatch.sni);
  record.event.tls_error = { error_message: `SNI: ${mismatch.sni} Match Failed to server certificate names: ${mismatch.names} ` };
  return record;
}

/** A revocation-check entry: the revoked host, dropped (about 85%), or UNKNOWN status. */
export function buildRevocationCheck(prng: Prng, timestampMs: number): FirewallRecord {
  const revoked = prng.chance(0.85);
  const host = revoked ? REVOKED_HOST : UNKNOWN_HOST;
  const record = envelope(prng, timestampMs, host.dest, host.sni);
  record.event.revocation_check = {
    leaf_cert_fpr: host.fingerprint,
    status: revoked ? 'REVOKED' : 'UNKNOWN',
    action: revoked ? 'DROP' : prng.chance(0.7) ? 'DROP' : 'PASS',
  };
  return record;
}
