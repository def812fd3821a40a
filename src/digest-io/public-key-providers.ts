/**
 * PublicKeyProviders: CloudTrail ListPublicKeys (following NextToken) and a
 * `list-public-keys` JSON file.
 */
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { readFile } from 'node:fs/promises';
import type { PublicKeyProvider } from '../digest/ports.js';
import { parsePublicKeysJson, type PublicKeyRecord } from '../digest/public-keys.js';

/** Keys from the CloudTrail API of the digests' region, every page. */
export class CloudTrailPublicKeys implements PublicKeyProvider {
  constructor(private readonly client: CloudTrailClient) {}

  async getPublicKeys(start: Date, end: Date, signal: AbortSignal): Promise<PublicKeyRecord[]> {
    const out: PublicKeyRecord[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }), { abortSignal: signal });
      for (const key of page.PublicKeyList ?? []) {
        if (key.Value) out.push({ der: key.Value, validityStart: key.ValidityStartTime, validityEnd: key.ValidityEndTime });
      }
      token = page.NextToken;
      if (token && seen.has(token)) break;
      if (token) seen.add(token);
    } while (token);
    return out;
  }
}

/** Keys from a file holding the JSON `aws cloudtrail list-public-keys` prints (all of them, whatever the range). */
export class FilePublicKeys implements PublicKeyProvider {
  private cached: PublicKeyRecord[] | null = null;

  constructor(private readonly path: string) {}

  /** Read and parse the file now, so a bad file is a usage error before any output. */
  async load(): Promise<PublicKeyRecord[]> {
    if (!this.cached) {
      const parsed = parsePublicKeysJson(await readFile(this.path, 'utf8'));
      if (parsed instanceof Error) throw new Error(`--public-keys ${this.path}: ${parsed.message}`);
      this.cached = parsed;
    }
    return this.cached;
  }

  async getPublicKeys(): Promise<PublicKeyRecord[]> {
    return this.load();
  }
}
