/**
 * One event as one output line: JSON (field names kept, source added) or readable text.
 * Both are terminal-safe: JSON.stringify escapes C0 controls and lone surrogates, and every
 * other character the sanitiser escapes (C1, DEL, format, invisible, mis-measured) is
 * written as a `\uXXXX` escape too.
 */
import type { LogEvent } from '../events/types.js';
import { escapeJsonForTerminal, sanitizeForTerminal } from '../text/sanitize.js';

/** JSON text that is safe to print on a terminal (still valid JSON, the same value). */
export function terminalSafeJson(value: unknown): string {
  return escapeJsonForTerminal(JSON.stringify(value));
}

/** The event with its source, as one JSON line. */
export function toEventJson(event: LogEvent, source: string): string {
  return terminalSafeJson({ ...event, source });
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

/** A readable one-line rendering of an event. */
export function formatEventLine(event: LogEvent, source: string): string {
  const s = (text: string | number | undefined, max = 80) => (text === undefined ? '-' : sanitizeForTerminal(String(text), max));
  if (event.kind === 'connection') {
    const parts = [
      iso(event.eventTimestamp),
      s(event.distributionId, 20) + (event.distributionTenantId ? `/${s(event.distributionTenantId, 40)}` : ''),
      s(event.connectionStatus, 60),
      s(event.clientIp, 45),
      event.tlsHandshakeDuration === undefined ? '-' : `${event.tlsHandshakeDuration}ms`,
      `sni=${s(event.tlsSni)}`,
    ];
    if (event.clientLeafCertSubject) parts.push(`subject=${s(event.clientLeafCertSubject)}`);
    parts.push(`src=${s(source, 120)}`);
    return parts.join('  ');
  }
  const e = event.event;
  const what =
    event.category === 'tls_error'
      ? `tls_error(${event.tlsErrorClass ?? 'other'}) ${s(e.tls_error?.error_message, 120)}`
      : event.category === 'revocation_check'
        ? `revocation ${s(e.revocation_check?.status, 20)}/${s(e.revocation_check?.action, 20)} fpr=${s(e.revocation_check?.leaf_cert_fpr, 70)}`
        : `other(${s(event.otherType ?? 'unknown', 20)})`;
  return [
    iso(event.timestampMs),
    `firewall=${s(event.firewall_name, 60)}`,
    what,
    `${s(e.src_ip, 45)}:${s(e.src_port, 6)} -> ${s(e.dest_ip, 45)}:${s(e.dest_port, 6)}`,
    `sni=${s(e.sni)}`,
    `src=${s(source, 120)}`,
  ].join('  ');
}
