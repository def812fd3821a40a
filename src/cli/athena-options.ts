/**
 * The Athena options of `tlstop report` (spec, help, checks): no AWS SDK here, so a
 * report that does not use Athena never loads its client (athena-report.ts runs it).
 */
/** util.parseArgs entries of the Athena options (report only). */
export const ATHENA_OPTION_SPEC = {
  engine: { type: 'string' },
  'athena-workgroup': { type: 'string' },
  'athena-output': { type: 'string' },
  'athena-database': { type: 'string' },
  'athena-table': { type: 'string' },
  'athena-ddl': { type: 'boolean' },
  'athena-create-table': { type: 'boolean' },
} as const;

export const ATHENA_OPTION_HELP = `Athena (one --s3, for months of logs: the aggregation runs in Amazon Athena, not here):
      --engine athena        compute the report in Athena (default: local, reading every object)
      --athena-database D    Glue database of the table (default: default)
      --athena-table T       table name (default: tlstop_cloudfront or tlstop_firewall)
      --athena-workgroup W   workgroup (default: the account's primary)
      --athena-output s3://BUCKET/PREFIX/
                             query results location (default: the workgroup's)
      --athena-ddl           print the CREATE EXTERNAL TABLE statement for the --s3 delivery, run nothing
      --athena-create-table  run that statement before the report (needs glue:CreateTable)`;

export type AthenaValues = {
  engine?: string;
  'athena-workgroup'?: string;
  'athena-output'?: string;
  'athena-database'?: string;
  'athena-table'?: string;
  'athena-ddl'?: boolean;
  'athena-create-table'?: boolean;
};

/** Whether the Athena branch handles this command line. */
export function wantsAthena(values: AthenaValues): boolean {
  return values.engine === 'athena' || values['athena-ddl'] === true || values['athena-create-table'] === true;
}

/** Checks `--engine`: local, athena or absent. */
export function engineError(values: AthenaValues): string | null {
  if (values.engine === undefined || values.engine === 'local' || values.engine === 'athena') return null;
  return `--engine must be local or athena (got "${values.engine}")`;
}
