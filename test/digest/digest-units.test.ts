import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCliTime } from '../../src/cli/validate/cli-time.js';
import { digestKeyRegex, digestKeyStamp, digestListMarker } from '../../src/digest/digest-key.js';
import { hashGzipStream } from '../../src/digest/gzip-hash.js';
import { OrderedOutput, TaskPool } from '../../src/digest/ordered-output.js';
import { fingerprintOf, loadRsaPublicKey, parsePublicKeysJson } from '../../src/digest/public-keys.js';
import { createHash } from 'node:crypto';

const signal = new AbortController().signal;
const chunks = (buffer: Buffer, size = 7) =>
  Readable.from(Array.from({ length: Math.ceil(buffer.length / size) }, (_, i) => buffer.subarray(i * size, (i + 1) * size)));

describe('hashGzipStream', () => {
  const text = Buffer.from('{"Records":[]}'.repeat(1000));
  const sha = createHash('sha256').update(text).digest('hex');

  it('hashes the inflated bytes as they arrive', async () => {
    expect(await hashGzipStream(chunks(gzipSync(text)), signal)).toEqual({ ok: true, sha256: sha, bytes: text.length });
  });
  it('flags a second member, trailing garbage, zero padding, truncation and non-gzip', async () => {
    const gz = gzipSync(text);
    expect(await hashGzipStream(chunks(Buffer.concat([gz, gzipSync(Buffer.from('x'))])), signal)).toMatchObject({
      ok: false,
      problem: 'trailing',
    });
    expect(await hashGzipStream(chunks(Buffer.concat([gz, Buffer.from('garbage')])), signal)).toMatchObject({
      ok: false,
      problem: 'trailing',
    });
    expect(await hashGzipStream(chunks(Buffer.concat([gz, Buffer.alloc(16)])), signal)).toMatchObject({ ok: false, problem: 'trailing' });
    expect(await hashGzipStream(chunks(gz.subarray(0, gz.length - 20)), signal)).toMatchObject({ ok: false, problem: 'truncated' });
    expect(await hashGzipStream(chunks(text), signal)).toMatchObject({ ok: false, problem: 'format' });
  });
  it('never throws on hostile input', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0x1f, 0x8b]), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff])]) {
      const result = await hashGzipStream(chunks(bytes), signal);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});

describe('public keys', () => {
  it('fingerprints the DER and loads PKCS#1 and SPKI', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    expect(fingerprintOf(pkcs1)).toBe(createHash('md5').update(pkcs1).digest('hex'));
    expect(loadRsaPublicKey(pkcs1)).not.toBeNull();
    expect(loadRsaPublicKey(spki)).not.toBeNull();
    expect(loadRsaPublicKey(Buffer.from('not a key'))).toBeNull();
  });
  it('reads list-public-keys JSON and rejects other shapes', () => {
    expect(parsePublicKeysJson('{"PublicKeyList":[{"Value":"AAEC","Fingerprint":"x"}]}')).toHaveLength(1);
    expect(parsePublicKeysJson('[]')).toBeInstanceOf(Error);
    expect(parsePublicKeysJson('{')).toBeInstanceOf(Error);
  });
});

describe('digest keys', () => {
  const scope = { accountId: '111122223333', trailName: 't', sourceRegion: 'us-east-1', homeRegion: 'us-east-1' };
  it('builds the CLI marker and matches standard and backfill keys of the trail only', () => {
    expect(digestListMarker(scope, new Date('2026-11-20T00:00:00Z'))).toBe(
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/19/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261119T235900Z.json.gz',
    );
    const key =
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/20/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261120T011728Z.json.gz';
    expect(digestKeyRegex(scope).test(key)).toBe(true);
    expect(digestKeyRegex(scope).test(key.replace('.json.gz', '_backfill.json.gz'))).toBe(true);
    expect(digestKeyRegex(scope).test(key.replace('_t_', '_other_'))).toBe(false);
    expect(digestKeyStamp(key)).toBe('20261120T011728Z');
    expect(digestKeyStamp(key.replace('.json.gz', '_backfill.json.gz'))).toBe('20261120T011728Z');
  });
});

describe('parseCliTime', () => {
  it('reads the forms the AWS CLI reads, as UTC', () => {
    expect(parseCliTime('2026-11-20T05:21:42Z')?.toISOString()).toBe('2026-11-20T05:21:42.000Z');
    expect(parseCliTime('2026-11-20 05:21')?.toISOString()).toBe('2026-11-20T05:21:00.000Z');
    expect(parseCliTime('20261120T052142Z')?.toISOString()).toBe('2026-11-20T05:21:42.000Z');
    expect(parseCliTime('2026-11-20')?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    // The CLI replaces the zone with UTC rather than converting.
    expect(parseCliTime('2026-11-20T05:21:42+02:00')?.toISOString()).toBe('2026-11-20T05:21:42.000Z');
    expect(parseCliTime('2026-02-30')).toBeNull();
    expect(parseCliTime('yesterday')).toBeNull();
  });
});

describe('OrderedOutput and TaskPool', () => {
  it('emits in queue order whatever the settle order, with bounded concurrency', async () => {
    const output = new OrderedOutput();
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    const emitted: number[] = [];
    for (let i = 0; i < 20; i++) {
      await output.waitBelow(6);
      const task = pool.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        if (i % 3 === 0) await new Promise((r) => setImmediate(r));
        running -= 1;
        return i;
      });
      output.push(task, (v) => emitted.push(v));
    }
    await output.drain();
    expect(emitted).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBeLessThanOrEqual(3);
  });
});

describe('hashGzipStream on large files (streaming path)', () => {
  it('hashes a file above the one-shot size chunk by chunk, and still flags a second member', async () => {
    const { randomBytes } = await import('node:crypto');
    const big = Buffer.from(randomBytes(3 * 1024 * 1024).toString('hex'));
    const gz = gzipSync(big, { level: 0 });
    const sha = createHash('sha256').update(big).digest('hex');
    expect(await hashGzipStream(chunks(gz, 64 * 1024), signal)).toEqual({ ok: true, sha256: sha, bytes: big.length });
    expect(await hashGzipStream(chunks(Buffer.concat([gz, gzipSync(Buffer.from('x'))]), 64 * 1024), signal)).toMatchObject({
      ok: false,
      problem: 'trailing',
    });
    expect(await hashGzipStream(chunks(Buffer.concat([gz, Buffer.from('junk')]), 64 * 1024), signal)).toMatchObject({
      ok: false,
      problem: 'trailing',
    });
  });
});
