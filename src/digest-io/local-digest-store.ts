/**
 * DigestStore over a local copy laid out as `aws s3 sync s3://BUCKET DIR` writes it.
 * Signatures come from `<digest>.sig` sidecars; keys resolving outside DIR are refused.
 */
import { existsSync } from 'node:fs';
import { lstat, open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { DigestObject, DigestStore, StoreObject } from '../digest/ports.js';

const MAX_DIGEST_BYTES = 64 * 1024 * 1024;
const SMALL_FILE_BYTES = 1024 * 1024;

/** Outcome of resolving a key under a bucket directory. */
type Resolved = { kind: 'path'; path: string } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/**
 * Local copy. `root` is the copy of `bucket`; objects of any other bucket the chain names
 * are looked for in a sibling directory named after that bucket (`<root>/../<bucket>`).
 */
export class LocalDigestStore implements DigestStore {
  readonly mode = 'local' as const;

  private readonly realRoots = new Map<string, Promise<string>>();

  constructor(
    private readonly root: string,
    private readonly bucket: string,
  ) {}

  private realRoot(root: string): Promise<string> {
    let real = this.realRoots.get(root);
    if (!real) {
      real = realpath(root);
      this.realRoots.set(root, real);
    }
    return real;
  }

  private bucketRoot(bucket: string): string | null {
    if (bucket === this.bucket) return resolve(this.root);
    if (!bucket || bucket.includes('/') || bucket.includes('\\') || bucket === '.' || bucket === '..') return null;
    const sibling = resolve(dirname(resolve(this.root)), bucket);
    return existsSync(sibling) ? sibling : null;
  }

  /** Resolve `key` under the bucket's directory, refusing anything that escapes it. */
  private async resolveKey(bucket: string, key: string): Promise<Resolved> {
    const root = this.bucketRoot(bucket);
    if (root === null) return { kind: 'missing' };
    const refused = { kind: 'refused', reason: 'refused: the key resolves outside the local copy' } as const;
    if (typeof key !== 'string' || key.length === 0 || isAbsolute(key) || key.includes('\0') || key.includes('\\')) return refused;
    if (key.split('/').some((part) => part === '..')) return refused;
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) return refused;
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      // A dangling symlink is as bad as one leading out.
      try {
        await lstat(path);
        return refused;
      } catch {
        return { kind: 'missing' };
      }
    }
    const realRoot = await this.realRoot(root);
    if (!real.startsWith(realRoot + sep)) return refused;
    return { kind: 'path', path: real };
  }

  async *listKeys(bucket: string, prefix: string, startAfter: string, signal: AbortSignal): AsyncIterable<string> {
    const root = this.bucketRoot(bucket);
    if (root === null) return;
    // List the deepest directory the prefix names fully, then filter by the whole prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    if (base.split('/').some((p) => p === '..')) return;
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      if (signal.aborted) throw signal.reason;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const key = keyPrefix + entry.name;
        if (entry.isDirectory()) {
          if ((key + '/').startsWith(prefix) || prefix.startsWith(key + '/')) await walk(join(dir, entry.name), key + '/');
        } else if ((entry.isFile() || entry.isSymbolicLink()) && key.startsWith(prefix) && !key.endsWith('.sig') && key > startAfter) {
          keys.push(key);
        }
      }
    };
    await walk(base ? join(root, base) : root, base ? base + '/' : '');
    keys.sort();
    yield* keys;
  }

  async listDirectories(bucket: string, prefix: string): Promise<string[]> {
    const root = this.bucketRoot(bucket);
    if (root === null || prefix.split('/').some((p) => p === '..')) return [];
    try {
      const entries = await readdir(join(root, prefix), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  }

  async getDigest(bucket: string, key: string): Promise<StoreObject<DigestObject>> {
    const resolved = await this.resolveKey(bucket, key);
    if (resolved.kind !== 'path') return resolved;
    const info = await stat(resolved.path);
    if (!info.isFile()) return { kind: 'missing' };
    if (info.size > MAX_DIGEST_BYTES) return { kind: 'refused', reason: 'invalid format' };
    const body = await readFile(resolved.path);
    const metadata: Record<string, string> = {};
    const sidecar = await this.resolveKey(bucket, `${key}.sig`);
    if (sidecar.kind === 'path') {
      const text = (await readFile(sidecar.path, 'utf8')).trim();
      if (text && text !== 'None') metadata.signature = text;
    }
    return { kind: 'found', value: { body, metadata } };
  }

  async openLog(bucket: string, key: string, signal: AbortSignal): Promise<StoreObject<AsyncIterable<Uint8Array>>> {
    const resolved = await this.resolveKey(bucket, key);
    if (resolved.kind !== 'path') return resolved;
    let handle;
    try {
      handle = await open(resolved.path, 'r');
    } catch {
      return { kind: 'missing' };
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return { kind: 'missing' };
    }
    // Small files (nearly all log files) are read in one call; large ones stream.
    if (info.size <= SMALL_FILE_BYTES) {
      try {
        const body = await handle.readFile({ signal });
        return {
          kind: 'found',
          value: (async function* () {
            yield body;
          })(),
        };
      } finally {
        await handle.close();
      }
    }
    return { kind: 'found', value: handle.createReadStream({ highWaterMark: 256 * 1024, signal } as never) };
  }
}
