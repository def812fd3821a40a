/** Uploads a generated chain (to moto_server) as it is on disk after tampering. */
import { readFile } from 'node:fs/promises';
import { chainFilePath, type SignedChain } from '../../src/digest/signed-chain.js';

/** Upload every object of the chain as it is now on disk (after tampering), with its metadata. */
export async function uploadChain(
  chain: SignedChain,
  putObject: (bucket: string, key: string, body: Buffer, metadata: Record<string, string>) => Promise<void>,
): Promise<void> {
  for (const object of chain.objects.values()) {
    await putObject(object.bucket, object.key, await readFile(chainFilePath(chain, object)), object.metadata);
  }
}
