/** CloudTrail digest-chain validation: the pure core, its ports, and the chain generator. */
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
export {
  writeSignedChain,
  uploadChain,
  modifyLogFile,
  deleteLogFile,
  makeLogFileNotGzip,
  appendGzipMember,
  appendTrailingGarbage,
  modifyDigest,
  deleteDigest,
  moveDigest,
  dropSignatureMetadata,
  type ChainWriterOptions,
  type SignedChain,
  type ChainDigest,
  type ChainLogFile,
} from './chain-writer.js';
export type * from './types.js';
