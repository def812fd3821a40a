/**
 * CloudTrail digest-chain validation: the pure core and its ports. The chain generator the
 * demo signs its chain with is not part of it: see chain-writer.ts.
 */
export { validateDigestChain, type ValidateChainOptions } from './validate-chain.js';
export {
  ValidationFatalError,
  type DigestObject,
  type DigestStore,
  type PublicKeyProvider,
  type StoreObject,
  type ValidateOptions,
} from './ports.js';
export { headerLine, verdictLine, gapMessage, summaryLines } from './cli-text.js';
export { fingerprintOf, loadRsaPublicKey, parsePublicKeysJson, publicKeysJson, type PublicKeyRecord } from './public-keys.js';
export { parseTrailArn, formatDisplayDate } from './digest-key.js';
export { hashGzipStream, type GzipHashResult } from './gzip-hash.js';
export type * from './types.js';
