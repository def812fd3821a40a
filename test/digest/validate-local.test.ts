import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSignedChain, type ChainWriterOptions, type SignedChain } from '../../src/digest/chain-writer.js';
import { errorLines, localValidationArgs, runValidate } from './run-validate.js';
import {
  appendGzipMember,
  appendTrailingGarbage,
  deleteDigest,
  deleteLogFile,
  makeLogFileNotGzip,
  modifyDigest,
  modifyLogFile,
  moveDigest,
} from './tamper.js';
import { generateKeyPairSync } from 'node:crypto';

const root = mkdtempSync(join(tmpdir(), 'tlstop-digest-local-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// One key for every chain keeps the suite fast.
const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let counter = 0;

async function chainWith(options: Partial<ChainWriterOptions> = {}): Promise<SignedChain & { keysFile: string }> {
  const dir = join(root, `c${++counter}`);
  const chain = await writeSignedChain({ dir, hours: 3, logFilesPerHour: 2, sidecars: 'newest', privateKeyPem, ...options });
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, chain.publicKeysJson);
  return { ...chain, keysFile };
}

function args(chain: SignedChain & { keysFile: string }, extra: string[] = []): string[] {
  return localValidationArgs(chain, chain.localDir, chain.keysFile, extra);
}

describe('tlstop validate --local', () => {
  it('validates a clean chain, verbose, in chain order', async () => {
    const chain = await chainWith();
    const result = await runValidate(args(chain, ['--verbose']));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Validating log files for trail ${chain.trailArn} between ${chain.startTime} and ${chain.endTime}`);
    const expected: string[] = [];
    for (const digest of [...chain.digests].reverse()) {
      expected.push(`Digest file\t${digest.uri}\tvalid`);
      for (const log of digest.logFiles) expected.push(`Log file\t${log.uri}\tvalid`);
    }
    expect(lines.slice(2, 2 + expected.length)).toEqual(expected);
    expect(
      result.stdout.endsWith(
        `\nResults requested for ${chain.startTime} to ${chain.endTime}\nResults found for ${chain.startTime} to ${chain.endTime}:\n\n3/3 digest files valid\n6/6 log files valid\n`,
      ),
    ).toBe(true);
  });

  it('reports modified, deleted and non-gzip log files', async () => {
    const chain = await chainWith();
    const [a, b, c] = [chain.logFiles[0]!, chain.logFiles[2]!, chain.logFiles[5]!];
    await modifyLogFile(chain, a);
    await deleteLogFile(chain, b);
    await makeLogFileNotGzip(chain, c);
    const result = await runValidate(args(chain));
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([
      `Log file\t${c.uri}\tINVALID: invalid format`,
      `Log file\t${b.uri}\tINVALID: not found`,
      `Log file\t${a.uri}\tINVALID: hash value doesn't match`,
    ]);
    expect(result.stdout).toContain('3/6 log files valid, 3/6 log files INVALID');
  });

  it('reports modified, deleted and moved digests, and keeps walking', async () => {
    const chain = await chainWith({ hours: 6, sidecars: 'all' });
    await modifyDigest(chain, chain.digests[4]!);
    await deleteDigest(chain, chain.digests[2]!);
    const movedKey = await moveDigest(chain, chain.digests[1]!);
    const result = await runValidate(args(chain));
    expect(result.code).toBe(1);
    expect(errorLines(result)).toEqual([
      `Digest file\t${chain.digests[4]!.uri}\tINVALID: signature verification failed`,
      `Digest file\t${chain.digests[2]!.uri}\tINVALID: not found`,
      `Digest file\ts3://${chain.bucket}/${movedKey}\tINVALID: has been moved from its original location`,
    ]);
  });

  it('reports a digest whose signature is nowhere to be found', async () => {
    const chain = await chainWith({ sidecars: 'none' });
    const result = await runValidate(args(chain));
    expect(result.code).toBe(1);
    const newest = chain.digests[2]!;
    expect(errorLines(result)).toEqual([
      `Digest file\t${newest.uri}\tINVALID: signature not found (a local copy has no S3 metadata: no ${newest.key.split('/').pop()}.sig sidecar and no following digest links to it)`,
    ]);
    // The older digests take their signature from the next digest's previousDigestSignature.
    expect(result.stdout).toContain('2/3 digest files valid, 1/3 digest files INVALID');
  });

  it('checks a signature taken from the chain against the key', async () => {
    const chain = await chainWith({ sidecars: 'newest' });
    await modifyDigest(chain, chain.digests[1]!);
    const result = await runValidate(args(chain));
    expect(errorLines(result)).toEqual([`Digest file\t${chain.digests[1]!.uri}\tINVALID: signature verification failed`]);
  });

  it('reports an unknown key fingerprint', async () => {
    const chain = await chainWith({ unknownKeyHours: [1] });
    const result = await runValidate(args(chain));
    const fingerprint = errorLines(result)[0]!.split(' ').pop();
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(errorLines(result)).toEqual([
      `Digest file\t${chain.digests[1]!.uri}\tINVALID: public key not found in region us-east-1 for fingerprint ${fingerprint}`,
    ]);
  });

  it('reports a gap where logging stopped, and empty digests', async () => {
    const chain = await chainWith({ hours: 5, stoppedHours: [2], emptyHours: [3], sidecars: 'all' });
    const result = await runValidate(args(chain, ['--verbose']));
    expect(result.code).toBe(0);
    expect(errorLines(result)).toEqual([`No log files were delivered by CloudTrail between 2026-11-20T02:17:28Z and 2026-11-20T03:17:28Z`]);
    expect(result.stdout).toContain('4/4 digest files valid');
    expect(result.stdout).toContain('6/6 log files valid');
  });

  it('follows a bucket change mid-chain into the sibling bucket copy', async () => {
    const chain = await chainWith({ hours: 4, bucketChange: { hour: 2, bucket: 'tlstop-new-bucket' } });
    const result = await runValidate(args(chain, ['--verbose']));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Digest file\ts3://tlstop-trail-bucket/${chain.digests[1]!.key}\tvalid`);
    expect(result.stdout).toContain('4/4 digest files valid');
  });

  it('validates backfill digests after the standard chain', async () => {
    const chain = await chainWith({ backfillDigests: 2, sidecars: 'newest' });
    const result = await runValidate(args(chain, ['--verbose']));
    expect(result.stderr).toBe('');
    const backfill = chain.digests.filter((d) => d.backfill);
    expect(result.stdout).toContain(`(backfill) Digest file\t${backfill[1]!.uri}\tvalid`);
    expect(result.stdout).toContain('3/3 digest files valid\n2/2 backfill digest files valid\n8/8 log files valid');
  });

  it('validates an organization trail member account', async () => {
    const chain = await chainWith({ organizationId: 'o-abcdef1234', accountId: '444455556666' });
    const result = await runValidate(args(chain, ['--account-id', '444455556666']));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3/3 digest files valid');
  });

  it('reports what the CLI misses, each with its own reason', async () => {
    const chain = await chainWith({
      hours: 6,
      mutateDigest: (hour, digest) => {
        if (hour === 5) digest.previousDigestHashValue = 'ab'.repeat(32);
        if (hour === 3) digest.digestSignatureAlgorithm = 'SHA1withRSA';
        if (hour === 2) digest.awsAccountId = '999988887777';
        if (hour === 1) (digest.logFiles as { hashAlgorithm: string }[])[0]!.hashAlgorithm = 'MD5';
      },
    });
    await appendGzipMember(chain, chain.logFiles[0]!);
    await appendTrailingGarbage(chain, chain.logFiles[1]!);
    const result = await runValidate(args(chain));
    expect(errorLines(result)).toEqual([
      `Digest file\t${chain.digests[4]!.uri}\tINVALID: hash value doesn't match the previousDigestHashValue recorded in ${chain.digests[5]!.uri}`,
      `Digest file\t${chain.digests[3]!.uri}\tINVALID: unsupported digestSignatureAlgorithm "SHA1withRSA" (expected SHA256withRSA)`,
      `Digest file\t${chain.digests[2]!.uri}\tINVALID: awsAccountId "999988887777" does not match the account being validated (111122223333)`,
      `Log file\t${chain.logFiles[2]!.uri}\tINVALID: unsupported hashAlgorithm "MD5" in the digest (expected "SHA-256")`,
      `Log file\t${chain.logFiles[0]!.uri}\tINVALID: invalid format (data after the first gzip member (a second member or padding))`,
      `Log file\t${chain.logFiles[1]!.uri}\tINVALID: invalid format (unexpected data after the end of the gzip member)`,
    ]);
  });

  it('reports both of two consecutive deleted digests', async () => {
    const chain = await chainWith({ hours: 5, sidecars: 'all' });
    await deleteDigest(chain, chain.digests[3]!);
    await deleteDigest(chain, chain.digests[2]!);
    const result = await runValidate(args(chain));
    expect(errorLines(result)).toEqual([
      `Digest file\t${chain.digests[3]!.uri}\tINVALID: not found`,
      `Digest file\t${chain.digests[2]!.uri}\tINVALID: not found (also deleted: the chain skips this hour)`,
    ]);
  });

  it('refuses keys that resolve outside the copy, and symlinks leading out', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.json.gz'), 'secret');
    const chain = await chainWith({
      mutateDigest: (hour, digest) => {
        if (hour === 2) {
          const logs = digest.logFiles as { s3Object: string }[];
          logs[0]!.s3Object = '../outside/secret.json.gz';
          logs[1]!.s3Object = '/etc/passwd';
        }
      },
    });
    const link = chain.digests[1]!.logFiles[0]!;
    rmSync(join(chain.localDir, link.key));
    symlinkSync(join(outside, 'secret.json.gz'), join(chain.localDir, link.key));
    const result = await runValidate(args(chain));
    expect(errorLines(result)).toEqual([
      `Log file\ts3://${chain.bucket}/../outside/secret.json.gz\tINVALID: refused: the key resolves outside the local copy`,
      `Log file\ts3://${chain.bucket}//etc/passwd\tINVALID: refused: the key resolves outside the local copy`,
      `Log file\t${link.uri}\tINVALID: refused: the key resolves outside the local copy`,
    ]);
  });

  it('writes JSON verdicts and a summary with --json', async () => {
    const chain = await chainWith();
    await deleteLogFile(chain, chain.logFiles[0]!);
    const result = await runValidate(args(chain, ['--json']));
    const objects = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(3 + 6 + 1);
    expect(objects[objects.length - 1]).toMatchObject({ type: 'summary', anyInvalid: true, logFiles: { valid: 5, invalid: 1 } });
    expect(objects).toContainEqual({ type: 'verdict', kind: 'log', uri: chain.logFiles[0]!.uri, valid: false, reason: 'not found' });
    expect(result.code).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runValidate(['--start-time', '2026-11-20'])).code).toBe(2);
    const bad = await runValidate(['--trail-arn', 'nope', '--start-time', '2026-11-20']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid trail ARN provided: nope');
    expect(
      (await runValidate(['--trail-arn', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/x', '--start-time', 'soon'])).stderr,
    ).toContain('Unable to parse date value: soon');
  });
});

describe('progress on a TTY', () => {
  it('draws progress on stderr only and clears it before the summary', async () => {
    const { Writable } = await import('node:stream');
    const { runValidateCommand } = await import('../../src/cli/validate-command.js');
    const chain = await chainWith();
    let out = '';
    let err = '';
    const stdout = Object.assign(new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) }), { isTTY: true });
    const stderr = Object.assign(new Writable({ write: (c: Buffer, _e, done) => ((err += c.toString()), done()) }), {
      isTTY: true,
      columns: 120,
    });
    const code = await runValidateCommand(args(chain), { stdout, stderr, env: {} });
    expect(code).toBe(0);
    expect(err).toMatch(/\d+\/\d+ digests, \d+\/\d+ log files, [\d.]+ MB/);
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
    expect(out).not.toContain('\x1b');
  });
});

describe('large log files', () => {
  it('streams a log file above the one-shot size and still catches tampering', async () => {
    const { statSync } = await import('node:fs');
    const chain = await chainWith({ hours: 1, logFilesPerHour: 1, recordsPerLogFile: 12_000, sidecars: 'all' });
    const file = chain.logFiles[0]!;
    expect(statSync(join(chain.localDir, file.key)).size).toBeGreaterThan(1024 * 1024);
    expect((await runValidate(args(chain))).code).toBe(0);
    await appendGzipMember(chain, file);
    expect(errorLines(await runValidate(args(chain)))).toEqual([
      `Log file\t${file.uri}\tINVALID: invalid format (data after the first gzip member (a second member or padding))`,
    ]);
  });
});
