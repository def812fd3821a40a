/**
 * Filter semantics shared by every pane. Distribution, tenant and status filters
 * select connection groups (see group-registry.ts); the text filter is a
 * case-insensitive substring over SNI, certificate subject, issuer, serial and client
 * IP (firewall: SNI and destination). Firewall entries have no distribution or status,
 * so only the text filter applies to them.
 */
import type { ConnectionEvent, FirewallEvent } from '../events/types.js';
import { NO_DISTRIBUTION, type GroupRegistry } from './group-registry.js';
import type { Filter } from './types.js';

/** The normalised text needle of a filter ('' = no text filter). */
export function textNeedle(filter: Filter): string {
  return filter.text.trim().toLowerCase();
}

/** True when a status filter entry (`Success`, `Failed`, `Failed:Code` or bare `Code`) accepts a status. */
export function statusMatches(status: string, failed: boolean, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true;
  const s = status.toLowerCase();
  for (const w of wanted) {
    const lw = w.trim().toLowerCase();
    if (lw === 'success') {
      if (!failed) return true;
    } else if (lw === 'failed') {
      if (failed) return true;
    } else if (s === lw || s === 'failed:' + lw) {
      return true;
    }
  }
  return false;
}

/** True when the filter narrows groups at all. */
export function hasGroupFilter(filter: Filter): boolean {
  return filter.distributions.length > 0 || filter.tenants.length > 0 || filter.statuses.length > 0;
}

/** Per gid: does the filter accept the group? Null when no group filter is set. */
export function groupAcceptance(filter: Filter, groups: GroupRegistry): boolean[] | null {
  if (!hasGroupFilter(filter)) return null;
  const out = new Array<boolean>(groups.size);
  for (let gid = 0; gid < groups.size; gid++) {
    out[gid] = groupMatches(filter, groups.distribution[gid]!, groups.tenant[gid]!, groups.status[gid]!, groups.failed[gid]!);
  }
  return out;
}

/** Group-level match of one (distribution, tenant, status). */
export function groupMatches(filter: Filter, distribution: string, tenant: string | null, status: string, failed: boolean): boolean {
  if (filter.distributions.length > 0 && !filter.distributions.includes(distribution)) return false;
  if (filter.tenants.length > 0 && (tenant === null || !filter.tenants.includes(tenant))) return false;
  return statusMatches(status, failed, filter.statuses);
}

/** Exact match of one raw connection event (used where raw events are retained). */
export function connectionMatches(event: ConnectionEvent, filter: Filter, needle: string): boolean {
  const failed = event.outcome === 'failed';
  if (!groupMatches(filter, event.distributionId || NO_DISTRIBUTION, event.distributionTenantId ?? null, event.connectionStatus, failed)) {
    return false;
  }
  if (needle === '') return true;
  return (
    has(event.tlsSni, needle) ||
    has(event.clientLeafCertSubject, needle) ||
    has(event.clientLeafCertIssuer, needle) ||
    has(event.clientLeafCertSerialNumber, needle) ||
    has(event.clientIp, needle)
  );
}

/** Exact match of one raw firewall event: text over SNI and destination only. */
export function firewallMatches(event: FirewallEvent, needle: string): boolean {
  if (needle === '') return true;
  const e = event.event;
  const dest = e.dest_ip !== undefined ? `${e.dest_ip}:${e.dest_port ?? ''}` : undefined;
  return has(e.sni, needle) || has(dest, needle);
}

function has(value: unknown, needle: string): boolean {
  return typeof value === 'string' && value.toLowerCase().includes(needle);
}
