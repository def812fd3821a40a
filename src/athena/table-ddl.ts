/**
 * The Athena table tlstop describes for one S3 delivery: its columns (CloudFront connection
 * logs or Network Firewall TLS logs), its storage (JSON lines, plain or gzip, or Parquet) and
 * partition projection for the date layout the S3 source recognises under the prefix
 * (`2026/11/20/05/` or `year=2026/month=11/day=20/hour=05/`, by day or by hour), so that
 * Athena computes the partitions of a query's span instead of listing or cataloguing them.
 * Pure: the layout comes in, the statement text goes out.
 */
import type { DateRoot } from '../sources/s3/index.js';
import { ddlName } from './sql-text.js';

/** What tlstop knows of a delivery, enough to describe and query its table. */
export interface AthenaTable {
  database: string;
  table: string;
  kind: 'cloudfront' | 'firewall';
  storage: 'json' | 'parquet';
  bucket: string;
  /** The folder the table covers: the date root, or the --s3 prefix when no date layout was found. Empty or ending with `/`. */
  prefix: string;
  /** The date layout below `prefix`; null: no partitions (every query reads the whole prefix). */
  dates: Pick<DateRoot, 'hive' | 'hourly'> | null;
}

/** CloudFront connection log fields (AWS's names; Hive keeps them case-insensitively). */
const CLOUDFRONT_COLUMNS: ReadonlyArray<[string, string]> = [
  ['eventtimestamp', 'bigint'],
  ['connectionid', 'string'],
  ['connectionstatus', 'string'],
  ['clientip', 'string'],
  ['clientport', 'int'],
  ['serverip', 'string'],
  ['distributionid', 'string'],
  ['distributiontenantid', 'string'],
  ['tlsprotocol', 'string'],
  ['tlscipher', 'string'],
  ['tlshandshakeduration', 'double'],
  ['tlssni', 'string'],
  ['clientleafcertserialnumber', 'string'],
  ['clientleafcertsubject', 'string'],
  ['clientleafcertissuer', 'string'],
  ['clientleafcertvalidity', 'string'],
  ['connectionlogcustomdata', 'string'],
];

/** Network Firewall TLS log entries: TLS errors and revocation checks, nested as AWS writes them. */
const FIREWALL_COLUMNS: ReadonlyArray<[string, string]> = [
  ['firewall_name', 'string'],
  ['availability_zone', 'string'],
  ['event_timestamp', 'bigint'],
  [
    'event',
    'struct<`timestamp`:string,src_ip:string,src_port:string,dest_ip:string,dest_port:string,sni:string,' +
      'tls_error:struct<error_message:string>,revocation_check:struct<leaf_cert_fpr:string,status:string,action:string>>',
  ],
];

/** The event time of a row in epoch milliseconds, as SQL over the table's columns (both engines). */
export function eventTimeExpression(table: Pick<AthenaTable, 'kind'>): string {
  return table.kind === 'cloudfront' ? 'eventtimestamp' : 'event_timestamp * 1000';
}

/** The partition columns, in path order. */
export function partitionColumns(table: Pick<AthenaTable, 'dates'>): string[] {
  if (table.dates === null) return [];
  if (!table.dates.hive) return ['dt'];
  return table.dates.hourly ? ['year', 'month', 'day', 'hour'] : ['year', 'month', 'day'];
}

/** Prefixes and bucket names go into DDL literals (Hive escapes with backslashes): refuse what could end or bend one. */
function ddlLocation(table: AthenaTable, rest: string): string {
  const text = `s3://${table.bucket}/${table.prefix}`;
  if (/['"\\`$\u0000-\u001f\u007f]/.test(text))
    throw new Error(
      `the S3 prefix has a character tlstop does not put into a table definition (quote, backslash, $ or a control character): ${JSON.stringify(table.prefix)}`,
    );
  return `'${text}${rest}'`;
}

/** The first year projected: before any connection log (CloudFront connection logs are from 2025). */
export const FIRST_PROJECTED_YEAR = 2020;

function projection(table: AthenaTable): string[] {
  const d = table.dates;
  if (d === null) return [];
  const props: Array<[string, string]> = [['projection.enabled', 'true']];
  if (!d.hive) {
    props.push(
      ['projection.dt.type', 'date'],
      ['projection.dt.format', d.hourly ? 'yyyy/MM/dd/HH' : 'yyyy/MM/dd'],
      ['projection.dt.range', `${FIRST_PROJECTED_YEAR}/01/01${d.hourly ? '/00' : ''},NOW`],
      ['projection.dt.interval', '1'],
      ['projection.dt.interval.unit', d.hourly ? 'HOURS' : 'DAYS'],
    );
  } else {
    const ranges: Record<string, [string, number]> = {
      year: [`${FIRST_PROJECTED_YEAR},2100`, 4],
      month: ['1,12', 2],
      day: ['1,31', 2],
      hour: ['0,23', 2],
    };
    for (const column of partitionColumns(table)) {
      const [range, digits] = ranges[column]!;
      props.push(
        [`projection.${column}.type`, 'integer'],
        [`projection.${column}.range`, range],
        [`projection.${column}.digits`, String(digits)],
      );
    }
  }
  const template = partitionColumns(table)
    .map((c) => (d.hive ? `${c}=\${${c}}` : `\${${c}}`))
    .join('/');
  return [...props.map(([k, v]) => `  '${k}' = '${v}'`), `  'storage.location.template' = ${ddlLocation(table, `${template}/`)}`];
}

/** `CREATE EXTERNAL TABLE IF NOT EXISTS …` for the table (one statement, no trailing semicolon: the API takes one). */
export function createTableStatement(table: AthenaTable): string {
  const columns = table.kind === 'cloudfront' ? CLOUDFRONT_COLUMNS : FIREWALL_COLUMNS;
  const lines = [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${ddlName(table.database)}.${ddlName(table.table)} (`,
    columns.map(([name, type]) => `  ${ddlName(name)} ${type}`).join(',\n'),
    ')',
  ];
  const parts = partitionColumns(table);
  // Partition values are kept as text: zero-padded, they compare in time order.
  if (parts.length > 0) lines.push(`PARTITIONED BY (${parts.map((p) => `${ddlName(p)} string`).join(', ')})`);
  if (table.storage === 'parquet') lines.push('STORED AS PARQUET');
  else {
    // Gzip objects are read by their .gz name; a malformed line is skipped, not a failed query.
    lines.push("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'", "WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')");
  }
  lines.push(`LOCATION ${ddlLocation(table, '')}`);
  const props = projection(table);
  if (props.length > 0) lines.push('TBLPROPERTIES (', props.join(',\n'), ')');
  return lines.join('\n');
}
