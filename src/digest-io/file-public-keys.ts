/**
 * PublicKeyProvider over a file holding `aws cloudtrail list-public-keys` JSON.
 */
import { readFile } from 'node:fs/promises';
import type { PublicKeyProvider } from '../digest/ports.js';
import { parsePublicKeysJson, type PublicKeyRecord } from '../digest/public-keys.js';

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
