/**
 * How a change reads on screen, shared by the header line, the Changes pane and the
 * alert log (one wording). Every string from the logs goes through `safe`.
 */
import type { Change } from '../aggregation/types.js';
import { fmtMs, fmtPct, fmtRate, safe } from './format.js';

type Attribute = Change['attributes'][number];

const FIELD_LABELS: Readonly<Record<string, string>> = {
  issuer: 'issuer',
  subject: 'subject',
  serial: 'serial',
  sni: 'SNI',
  protocol: 'TLS',
  cipher: 'cipher',
  clientPrefix: 'clients',
  serverIp: 'edge',
  tenant: 'tenant',
  certValidity: 'cert',
  destination: 'destination',
  sourcePrefix: 'sources',
  firewall: 'firewall',
  zone: 'zone',
};

/** A level of the change's series in its unit: `51.5%`, `850ms`, `3.3/s`. */
export function changeLevel(change: Pick<Change, 'unit'>, value: number): string {
  if (change.unit === 'fraction') return fmtPct(value);
  if (change.unit === 'ms') return fmtMs(value);
  return `${fmtRate(value)}/s`;
}

/** What changed: the code (`ClientCertUntrusted`), `any failure`, `p99`, or the firewall's status/action or error class. */
export function changeCode(change: Pick<Change, 'failureCode' | 'kind'>, width = 60): string {
  if (change.kind === 'failure-rate') return 'any failure';
  return safe(change.failureCode, width);
}

/** Where: the distribution id (and tenant), or the firewall SNI (`firewall` for an error class). */
export function changeWhere(change: Pick<Change, 'distributionId' | 'tenantId' | 'sni'>, width = 60): string {
  if (change.distributionId === null) return change.sni === null ? 'firewall' : `fw ${safe(change.sni, width - 3)}`;
  return change.tenantId === null ? safe(change.distributionId, width) : safe(`${change.distributionId}/${change.tenantId}`, width);
}

/** `issuer CN=Partner CA G1 98% (3% before)`, the value cut to `valueWidth`. */
export function attributeText(a: Attribute, valueWidth = 60): string {
  const label = FIELD_LABELS[a.field] ?? safe(a.field, 12);
  return `${label} ${safe(a.value, valueWidth)} ${fmtShare(a.share)} (${fmtShare(a.baselineShare)} before)`;
}

/** Excess failures per second: `+5.1/s`. */
export function excessText(change: Pick<Change, 'excessFailures'>): string {
  return `+${fmtRate(change.excessFailures)}/s`;
}

function fmtShare(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}
