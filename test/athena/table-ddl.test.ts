/** The table description and the SQL text pieces: what goes into a statement from outside is checked or escaped. */
import { describe, expect, it } from 'vitest';
import { binWidthFor, connectionStatements, createTableStatement, spanConditions, type AthenaTable } from '../../src/athena/index.js';
import { checkName, stringLiteral } from '../../src/athena/sql-text.js';

const base: AthenaTable = {
  database: 'default',
  table: 'tlstop_cloudfront',
  kind: 'cloudfront',
  storage: 'parquet',
  bucket: 'my-logs',
  prefix: 'cf/DistributionId=E1/',
  dates: { hive: true, hourly: true },
};

describe('createTableStatement', () => {
  it('projects a Hive layout as four zero-padded integer partitions under the date root', () => {
    const ddl = createTableStatement(base);
    expect(ddl).toContain('PARTITIONED BY (`year` string, `month` string, `day` string, `hour` string)');
    expect(ddl).toContain('STORED AS PARQUET');
    expect(ddl).toContain("'projection.month.type' = 'integer'");
    expect(ddl).toContain("'projection.month.digits' = '2'");
    expect(ddl).toContain(
      "'storage.location.template' = 's3://my-logs/cf/DistributionId=E1/year=${year}/month=${month}/day=${day}/hour=${hour}/'",
    );
    expect(ddl).not.toMatch(/;\s*$/);
  });

  it('a daily plain layout projects dt by day; no date layout, no partitions', () => {
    const daily = createTableStatement({ ...base, storage: 'json', dates: { hive: false, hourly: false } });
    expect(daily).toContain("'projection.dt.format' = 'yyyy/MM/dd'");
    expect(daily).toContain("'projection.dt.interval.unit' = 'DAYS'");
    const flat = createTableStatement({ ...base, storage: 'json', dates: null, prefix: 'all/' });
    expect(flat).not.toContain('PARTITIONED BY');
    expect(flat).not.toContain('TBLPROPERTIES');
  });

  it('Network Firewall TLS entries keep their nesting', () => {
    const ddl = createTableStatement({
      ...base,
      kind: 'firewall',
      table: 'tlstop_firewall',
      storage: 'json',
      dates: { hive: false, hourly: true },
    });
    expect(ddl).toContain('`event_timestamp` bigint');
    expect(ddl).toContain('tls_error:struct<error_message:string>');
    expect(ddl).toContain('revocation_check:struct<leaf_cert_fpr:string,status:string,action:string>');
  });

  it('refuses a prefix that could end a literal or add a template variable', () => {
    for (const prefix of ["cf/it's/", 'cf/${x}/', 'cf/a\\b/', 'cf/\u001b[2J/', 'cf/`x`/'])
      expect(() => createTableStatement({ ...base, prefix })).toThrow(/does not put into a table definition/);
  });
});

describe('names and literals', () => {
  it('takes only lowercase names of letters, digits and underscores', () => {
    expect(checkName('mtls_logs', '--athena-table')).toBe('mtls_logs');
    for (const bad of ['Logs', 'a-b', 'a"b', 'a.b', '', '1abc', 'x`y', 'a b'])
      expect(checkName(bad, '--athena-table')).toBeInstanceOf(Error);
  });

  it('doubles quotes in literals and refuses control characters', () => {
    expect(stringLiteral("it's")).toBe("'it''s'");
    expect(() => stringLiteral('a\nb')).toThrow();
  });
});

describe('the statements', () => {
  it('bins finely enough for the span, at most 1,000 bins', () => {
    expect(binWidthFor(0, 3_600_000)).toBe(60_000);
    expect(binWidthFor(0, 2 * 86_400_000)).toBe(300_000);
    expect(binWidthFor(0, 90 * 86_400_000)).toBe(21_600_000);
    expect(binWidthFor(0, 5 * 365 * 86_400_000)).toBe(86_400_000);
  });

  it('a Hive span narrows the year too, and joins the partition columns to one key', () => {
    const conditions = spanConditions(base, { sinceMs: Date.parse('2026-01-01T01:00:00Z') });
    expect(conditions).toEqual([
      'eventtimestamp >= 1767229200000',
      `concat("year", '/', "month", '/', "day", '/', "hour") >= '2025/12/31/23'`,
      `"year" >= '2025'`,
    ]);
  });

  it('counts only rows with a status, per status, distribution and bin', () => {
    const { counts } = connectionStatements({ ...base, dates: null }, {}, 60_000);
    expect(counts).toBe(
      "SELECT connectionstatus AS status, coalesce(distributionid, '') AS distribution, eventtimestamp - eventtimestamp % 60000 AS bin_start, " +
        'count(*) AS connections FROM "default"."tlstop_cloudfront" WHERE connectionstatus IS NOT NULL GROUP BY 1, 2, 3',
    );
  });
});
