/**
 * Tamper helpers for the validator's tests: each changes a generated chain on disk (and
 * its recorded S3 metadata) the way an attacker or an accident would, and says in its doc
 * comment which verdict the AWS CLI gives. `modifyLogFile` is the demo's own, so it lives
 * in src/digest/modify-log-file.ts and is re-exported here.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chainFilePath, type ChainDigest, type ChainLogFile, type SignedChain } from '../../src/digest/signed-chain.js';

export { modifyLogFile } from '../../src/digest/modify-log-file.js';

/** Delete a log file: "not found". */
export async function deleteLogFile(chain: SignedChain, file: ChainLogFile): Promise<void> {
  await rm(chainFilePath(chain, file));
  chain.objects.delete(`${file.bucket}/${file.key}`);
}

/** Replace a log file with plain (not gzip) JSON: "invalid format". */
export async function makeLogFileNotGzip(chain: SignedChain, file: ChainLogFile): Promise<void> {
  await writeFile(chainFilePath(chain, file), '{"Records":[]}');
}

/** Append a second gzip member to a log file (the CLI does not notice; tlstop does). */
export async function appendGzipMember(chain: SignedChain, file: ChainLogFile): Promise<void> {
  const path = chainFilePath(chain, file);
  await writeFile(path, Buffer.concat([await readFile(path), gzipSync(Buffer.from('{"Records":[{"eventName":"Injected"}]}'))]));
}

/** Append non-gzip bytes after a log file's gzip member. */
export async function appendTrailingGarbage(chain: SignedChain, file: ChainLogFile): Promise<void> {
  const path = chainFilePath(chain, file);
  await writeFile(path, Buffer.concat([await readFile(path), Buffer.from('trailing garbage')]));
}

/** Change a digest's content (keeping its metadata): "signature verification failed". */
export async function modifyDigest(chain: SignedChain, digest: ChainDigest): Promise<void> {
  const path = chainFilePath(chain, digest);
  const json = JSON.parse(gunzipSync(await readFile(path)).toString()) as Record<string, unknown>;
  json.logFiles = [];
  await writeFile(path, gzipSync(Buffer.from(JSON.stringify(json))));
}

/** Delete a digest: "not found". */
export async function deleteDigest(chain: SignedChain, digest: ChainDigest): Promise<void> {
  await rm(chainFilePath(chain, digest));
  await rm(`${chainFilePath(chain, digest)}.sig`, { force: true });
  chain.objects.delete(`${digest.bucket}/${digest.key}`);
}

/**
 * Move a digest to the key it would have had one second earlier: its old place is "not found"
 * and the moved copy "has been moved from its original location". Returns the new key.
 */
export async function moveDigest(chain: SignedChain, digest: ChainDigest): Promise<string> {
  const newKey = digest.key.replace(
    /(\d{8}T\d{4})(\d{2})Z/,
    (_m, head: string, ss: string) => `${head}${String((Number(ss) + 59) % 60).padStart(2, '0')}Z`,
  );
  const from = chainFilePath(chain, digest);
  const to = join(chain.dir, digest.bucket, newKey);
  await rename(from, to);
  await rename(`${from}.sig`, `${to}.sig`).catch(() => undefined);
  const object = chain.objects.get(`${digest.bucket}/${digest.key}`);
  chain.objects.delete(`${digest.bucket}/${digest.key}`);
  if (object) chain.objects.set(`${digest.bucket}/${newKey}`, { ...object, key: newKey });
  return newKey;
}

/** Remove a digest's `signature` / `signature-algorithm` metadata (and any sidecar). */
export async function dropSignatureMetadata(chain: SignedChain, digest: ChainDigest): Promise<void> {
  const object = chain.objects.get(`${digest.bucket}/${digest.key}`);
  if (object) object.metadata = Object.fromEntries(Object.entries(object.metadata).filter(([k]) => !k.startsWith('signature')));
  await rm(`${chainFilePath(chain, digest)}.sig`, { force: true });
}
