/** The pure middle of the S3 source: the times keys name, the partitions of a span, `s3://` URLs. */
import { describe, expect, it } from 'vitest';
import { fileNameTime, keyMayHold, keyTime, partitionTime } from '../../../src/sources/s3/key-time.js';
import { dateLevel, livePartitions, MAX_PARTITIONS, partitionsFor, type DateRoot } from '../../../src/sources/s3/partitions.js';
import { parseS3Url } from '../../../src/sources/s3/s3-url.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('the time a key names', () => {
  it('reads a plain hour partition', () => {
    expect(partitionTime('cf/2026/11/20/05/part-0001.gz')).toEqual({
      startMs: at('2026-11-20T05:00:00Z'),
      endMs: at('2026-11-20T06:00:00Z'),
    });
  });

  it('reads a plain day partition when there is no hour level', () => {
    expect(partitionTime('logs/2026/11/20/file.gz')).toEqual({ startMs: at('2026-11-20T00:00:00Z'), endMs: at('2026-11-21T00:00:00Z') });
  });

  it('reads a Hive partition, the CloudFront v2 layout with Hive-compatible paths', () => {
    const key = 'AWSLogs/aws-account-id=123456789012/CloudFront/DistributionId=E2DX1SLDPK0123/year=2026/month=11/day=20/hour=05/x.parquet';
    expect(partitionTime(key)).toEqual({ startMs: at('2026-11-20T05:00:00Z'), endMs: at('2026-11-20T06:00:00Z') });
  });

  it('reads the Network Firewall layout and the timestamp in its file names, which is finer', () => {
    const key =
      'fw/AWSLogs/123456789012/network-firewall/tls/us-east-1/fw-1/2026/11/20/05/123456789012_network-firewall_tls_us-east-1_fw-1_20261120T0510Z_ab12cd.log.gz';
    expect(partitionTime(key)?.startMs).toBe(at('2026-11-20T05:00:00Z'));
    expect(fileNameTime(key)).toEqual({ startMs: at('2026-11-20T05:10:00Z'), endMs: at('2026-11-20T05:11:00Z') });
    expect(keyTime(key)?.startMs).toBe(at('2026-11-20T05:10:00Z'));
  });

  it('reads CloudFront legacy and Firehose file names', () => {
    expect(fileNameTime('logs/E2DX1SLDPK0123.2026-11-20-05.a1b2c3d4.gz')?.startMs).toBe(at('2026-11-20T05:00:00Z'));
    expect(fileNameTime('2026/11/20/05/stream-1-2026-11-20-05-10-07-0a1b2c3d')?.startMs).toBe(at('2026-11-20T05:10:07Z'));
  });

  it('names no time for keys without one, or with impossible dates', () => {
    expect(keyTime('logs/connections.log')).toBeNull();
    expect(keyTime('logs/2026/13/20/05/x.gz')).toBeNull();
    expect(keyTime('logs/2026/02/31/x.gz')).toBeNull();
    expect(keyTime('logs/123456789012/x.gz')).toBeNull();
  });

  it('keeps a key for a span when its time is within the margin, and any key without a time', () => {
    const key = 'cf/2026/11/20/05/x.gz';
    expect(keyMayHold(key, at('2026-11-20T05:30:00Z'), undefined)).toBe(true);
    expect(keyMayHold(key, at('2026-11-20T10:00:00Z'), undefined)).toBe(false);
    expect(keyMayHold(key, undefined, at('2026-11-20T01:00:00Z'))).toBe(false);
    expect(keyMayHold('cf/x.gz', at('2030-01-01T00:00:00Z'), undefined)).toBe(true);
  });
});

describe('the partitions of a span', () => {
  const plain: DateRoot = { prefix: 'cf/', hive: false, hourly: true };
  const hive: DateRoot = { prefix: 'AWSLogs/DistributionId=E1/', hive: true, hourly: true };

  it('lists one prefix per hour of the span, widened by the margin, in time order', () => {
    expect(partitionsFor(plain, at('2026-11-20T05:10:00Z'), at('2026-11-20T07:00:00Z'), 0)).toEqual([
      'cf/2026/11/20/05/',
      'cf/2026/11/20/06/',
    ]);
    expect(partitionsFor(plain, at('2026-11-20T05:10:00Z'), at('2026-11-20T06:00:00Z'), H)).toEqual([
      'cf/2026/11/20/04/',
      'cf/2026/11/20/05/',
      'cf/2026/11/20/06/',
    ]);
  });

  it('crosses days, months and years', () => {
    expect(partitionsFor(plain, at('2026-12-31T23:00:00Z'), at('2027-01-01T01:00:00Z'), 0)).toEqual([
      'cf/2026/12/31/23/',
      'cf/2027/01/01/00/',
    ]);
  });

  it('writes Hive names', () => {
    expect(partitionsFor(hive, at('2026-11-20T05:00:00Z'), at('2026-11-20T06:00:00Z'), 0)).toEqual([
      'AWSLogs/DistributionId=E1/year=2026/month=11/day=20/hour=05/',
    ]);
  });

  it('lists days for a daily layout, and for a span too long for hours', () => {
    const daily = { ...plain, hourly: false };
    expect(partitionsFor(daily, at('2026-11-20T05:00:00Z'), at('2026-11-22T00:00:00Z'), 0)).toEqual(['cf/2026/11/20/', 'cf/2026/11/21/']);
    const year = partitionsFor(plain, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 0)!;
    expect(year).toHaveLength(365);
    expect(year[0]).toBe('cf/2026/01/01/');
    expect(partitionsFor(plain, 0, MAX_PARTITIONS * 24 * H * 2, 0)).toBeNull();
  });

  it('follows the current and the previous partition', () => {
    expect(livePartitions(plain, at('2026-11-20T00:05:00Z'))).toEqual(['cf/2026/11/19/23/', 'cf/2026/11/20/00/']);
  });

  it('tells date folders from others', () => {
    expect(dateLevel('2026', 'year')).toEqual({ level: 'year', hive: false, value: 2026 });
    expect(dateLevel('year=2026', 'year')).toEqual({ level: 'year', hive: true, value: 2026 });
    expect(dateLevel('123456789012', 'year')).toBeNull();
    expect(dateLevel('13', 'month')).toBeNull();
    expect(dateLevel('hour=05', 'hour')).toEqual({ level: 'hour', hive: true, value: 5 });
    expect(dateLevel('month=05', 'hour')).toBeNull();
  });
});

describe('s3:// URLs', () => {
  it('splits bucket and prefix', () => {
    expect(parseS3Url('s3://my-logs/AWSLogs/123/')).toEqual({
      bucket: 'my-logs',
      prefix: 'AWSLogs/123/',
      url: 's3://my-logs/AWSLogs/123/',
    });
    expect(parseS3Url('s3://my-logs')).toMatchObject({ bucket: 'my-logs', prefix: '' });
  });

  it('refuses what is not one', () => {
    expect(parseS3Url('https://my-logs/x')).toBeInstanceOf(Error);
    expect(parseS3Url('s3://My_Logs/x')).toBeInstanceOf(Error);
    expect(parseS3Url('s3:///x')).toBeInstanceOf(Error);
  });
});
