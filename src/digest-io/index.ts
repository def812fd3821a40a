/** Adapters that connect the digest validator to S3, local copies and CloudTrail. */
export { S3DigestStore } from './s3-digest-store.js';
export { LocalDigestStore } from './local-digest-store.js';
export { CloudTrailPublicKeys, FilePublicKeys } from './public-key-providers.js';
export { lookupTrail, discoverOrganizationId, type TrailLocation } from './trail-lookup.js';
