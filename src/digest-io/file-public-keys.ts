/**
 * PublicKeyProvider over a file holding `aws cloudtrail list-public-keys` JSON.
 */
import type { PublicKeyProvider } from '../digest/ports.js';
import { ValidationFatalError } from '../digest/ports.js';
import { parsePublicKeysJson, type PublicKeyRecord } from '../digest/public-keys.js';
import { readRegularTextFileSync, UnreadableFileError } from '../fs/read-regular-file.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

/** The largest key list read (a real one with a key a day for years is a few hundred KiB). */
export const PUBLIC_KEYS_MAX_BYTES = 4 * 1024 * 1024;

/** Keys from a file holding the JSON `aws cloudtrail list-public-keys` prints (all of them, whatever the range). */
export class FilePublicKeys implements PublicKeyProvider {
  private cached: PublicKeyRecord[] | null = null;

  constructor(private readonly path: string) {}

  /**
   * Read and parse the file now, so a bad file is a usage error before any output. Only a
   * regular file of at most PUBLIC_KEYS_MAX_BYTES is read: a FIFO, a device or a directory
   * is refused at once, with the reason. Synchronous, so start-up checks can call it.
   */
  loadSync(): PublicKeyRecord[] {
    if (!this.cached) {
      let text: string;
      try {
        text = readRegularTextFileSync(this.path, PUBLIC_KEYS_MAX_BYTES);
      } catch (error) {
        if (error instanceof UnreadableFileError)
          throw new ValidationFatalError(`--public-keys ${sanitizeForTerminal(this.path)}: ${error.reason}`);
        throw error;
      }
      const parsed = parsePublicKeysJson(text);
      if (parsed instanceof Error) throw new Error(`--public-keys ${sanitizeForTerminal(this.path)}: ${parsed.message}`);
      this.cached = parsed;
    }
    return this.cached;
  }

  /** loadSync, for the PublicKeyProvider port. */
  async load(): Promise<PublicKeyRecord[]> {
    return this.loadSync();
  }

  async getPublicKeys(): Promise<PublicKeyRecord[]> {
    return this.load();
  }
}
