/**
 * PublicKeyProvider over CloudTrail ListPublicKeys, following NextToken.
 */
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import type { PublicKeyProvider } from '../digest/ports.js';
import type { PublicKeyRecord } from '../digest/public-keys.js';

/** Keys from the CloudTrail API of the digests' region, every page. */
export class CloudTrailPublicKeys implements PublicKeyProvider {
  constructor(private readonly client: CloudTrailClient) {}

  async getPublicKeys(start: Date, end: Date, signal: AbortSignal): Promise<PublicKeyRecord[]> {
    const out: PublicKeyRecord[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }), {
        abortSignal: signal,
      });
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

export { FilePublicKeys } from './file-public-keys.js';
