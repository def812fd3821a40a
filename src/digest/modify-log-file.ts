/**
 * The one change the demo makes to its chain: a log file rewritten after it was signed,
 * so validation has something to report. (The other tamper helpers are the tests': see
 * test/digest/tamper.ts.)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chainFilePath, type ChainLogFile, type SignedChain } from './signed-chain.js';

/** Replace a log file with different (still gzip, still JSON) content: "hash value doesn't match". */
export async function modifyLogFile(chain: SignedChain, file: ChainLogFile): Promise<void> {
  const path = chainFilePath(chain, file);
  const text = gunzipSync(await readFile(path))
    .toString()
    .replace('"readOnly":true', '"readOnly":false')
    .replace('GetObject', 'PutObject');
  await writeFile(path, gzipSync(Buffer.from(text.endsWith('}') ? text.slice(0, -1) + ',"tampered":true}' : text)));
}
