/**
 * The report's expiring certificates computed by Athena: every client certificate whose
 * NotAfter (parsed from clientLeafCertValidity) falls within `expiringWithinDays` of a
 * connection that presented it, as the store's tracker takes them (certificates keyed by
 * issuer and serial, or without a serial by issuer, subject and NotAfter; the subject and
 * NotAfter first seen; labels '' for none, at most MAX_LABEL_LENGTH characters). Exact over
 * every record (the local tracker forgets the least recently seen past 1,000); the soonest
 * 1,000 are listed, as the local report lists them. Pure: no SDK here.
 */
import { MAX_LABEL_LENGTH } from '../aggregation/group-registry.js';
import { iso, type ReportDocument } from '../report/report-document.js';
import { from, numberOrNull, spanConditions, where, type QuerySpan, type ResultRow } from './report-queries.js';
import { distributionConditions, textValue } from './section-queries.js';
import { integerLiteral } from './sql-text.js';
import { eventTimeExpression, type AthenaTable } from './table-ddl.js';

/** Certificates the report lists (the local report's cap). */
export const MAX_EXPIRING_LISTED = 1_000;

const DAY_MS = 86_400_000;

/** The expiring certificates statement. */
export function expiringStatement(
  table: AthenaTable,
  span: QuerySpan,
  withinDays: number,
  distributions: readonly string[],
  tableRef?: string,
): string {
  const time = eventTimeExpression(table);
  const label = (column: string) => `coalesce(substr(${textValue(column)}, 1, ${MAX_LABEL_LENGTH}), '')`;
  const conditions = [
    ...spanConditions(table, span),
    'connectionstatus IS NOT NULL',
    'clientleafcertvalidity IS NOT NULL',
    ...distributionConditions(distributions),
  ];
  // The NotAfter text, as the parser's tolerant reading finds it (key case-insensitive, value trimmed).
  const picked =
    `SELECT ${time} AS seen_ms, ${label('clientleafcertserialnumber')} AS serial, ${label('clientleafcertsubject')} AS subject, ` +
    `${label('clientleafcertissuer')} AS issuer, trim(regexp_extract(clientleafcertvalidity, '(?i)notafter\\s*=\\s*([^;]*)', 1)) AS not_after_text ` +
    `FROM ${from(table, tableRef)}${where(conditions)}`;
  // try(): a NotAfter that is no ISO 8601 time is no NotAfter (the parser skips it), not a failed query.
  const parsed = `SELECT seen_ms, serial, subject, issuer, CAST(round(to_unixtime(try(from_iso8601_timestamp(not_after_text))) * 1000) AS bigint) AS not_after_ms FROM (${picked})`;
  const horizon = integerLiteral(Math.round(withinDays * DAY_MS));
  const noSerial = "serial = ''";
  return (
    `SELECT issuer, serial, min_by(subject, seen_ms) AS subject, min_by(not_after_ms, seen_ms) AS not_after_ms, count(*) AS connections ` +
    `FROM (${parsed}) WHERE not_after_ms IS NOT NULL AND not_after_ms <= seen_ms + ${horizon} ` +
    `GROUP BY issuer, serial, CASE WHEN ${noSerial} THEN subject END, CASE WHEN ${noSerial} THEN not_after_ms END ` +
    `ORDER BY not_after_ms, serial, issuer LIMIT ${integerLiteral(MAX_EXPIRING_LISTED)}`
  );
}

/** The statement's rows as the document's list (a row without a readable NotAfter or count is left out). */
export function toExpiringCertificates(rows: readonly ResultRow[]): ReportDocument['expiringCertificates'] {
  const out: ReportDocument['expiringCertificates'] = [];
  for (const row of rows) {
    const notAfter = iso(numberOrNull(row.not_after_ms));
    const count = numberOrNull(row.connections);
    if (notAfter === null || count === null) continue;
    out.push({ serial: row.serial ?? '', subject: row.subject ?? '', issuer: row.issuer ?? '', notAfter, count });
  }
  return out;
}
