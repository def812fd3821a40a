/**
 * How a change reads on screen, shared by the header line, the Changes pane and the
 * alert log (one wording). Every string from the logs goes through `safe`.
 */
import type { Change } from '../aggregation/types.js';
import { ATTRIBUTE_LABELS, commonNamePart, isCertificateName } from '../text/attribute-names.js';
import { fmtMs, fmtPct, fmtRate, safe } from './format.js';
import { cutToColumns, textColumns } from './lines.js';

type Attribute = Change['attributes'][number];

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

/** How much of an attribute to show: the shares with words, the shares, or the value alone. */
export type AttributeForm = 'long' | 'shares' | 'value';

/**
 * `issuer Partner CA G1 98% of new failures (3% before)` (long), without `of new
 * failures` (shares), or `issuer Partner CA G1` (value); the value cut to
 * `valueColumns`: a certificate name keeps its end (`…Partner CA G1`: CAs differ at the
 * end), other values their both ends (`api.pay…example.com`).
 */
export function attributeText(a: Attribute, valueColumns = 60, form: AttributeForm = 'shares'): string {
  const label = ATTRIBUTE_LABELS[a.field] ?? safe(a.field, 12);
  const full = attributeValue(a);
  const value = isCertificateName(a.field) ? keepEnd(full, valueColumns) : elideMiddle(full, valueColumns);
  if (form === 'value') return `${label} ${value}`;
  const shares = `${fmtShare(a.share)}${form === 'long' ? ' of new failures' : ''} (${fmtShare(a.baselineShare)} before)`;
  return `${label} ${value} ${shares}`;
}

/** An attribute's value as shown: a certificate name by its CN when it has one (the rest of a DN is noise here). */
export function attributeValue(a: Pick<Attribute, 'field' | 'value'>): string {
  if (!isCertificateName(a.field)) return safe(a.value, 200);
  const cn = commonNamePart(a.value);
  return safe(cn === null ? a.value : cn.slice('CN='.length), 200);
}

/** `text` (already safe) in at most `columns` terminal columns, its start cut to `…`. */
export function keepEnd(text: string, columns: number): string {
  if (textColumns(text) <= columns) return text;
  if (columns <= 1) return columns === 1 ? '…' : '';
  return `…${tailIn(text, columns - 1, 0)}`;
}

/** The longest end of `text` (not reaching back past `from`) within `columns` columns. */
function tailIn(text: string, columns: number, from: number): string {
  let start = text.length;
  // Grow the tail one code unit at a time (values are short: at most 200 characters).
  while (start > from && textColumns(text.slice(start - 1)) <= columns) start--;
  // Never start inside a surrogate pair.
  if (start < text.length && /[\udc00-\udfff]/.test(text[start]!)) start++;
  return text.slice(start);
}

/** `text` (already safe) in at most `columns` terminal columns, cut in the middle with `…`. */
export function elideMiddle(text: string, columns: number): string {
  if (textColumns(text) <= columns) return text;
  if (columns <= 1) return columns === 1 ? '…' : '';
  const head = cutToColumns(text, Math.ceil((columns - 1) / 2));
  return `${head}…${tailIn(text, columns - 1 - textColumns(head), head.length)}`;
}

/** Excess failures per second: `+5.1/s`. */
export function excessText(change: Pick<Change, 'excessFailures'>): string {
  return `+${fmtRate(change.excessFailures)}/s`;
}

function fmtShare(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}
