/** Adapters that connect the digest validator to S3, local copies and CloudTrail. */
export { S3DigestStore } from './s3-digest-store.js';
export { LocalDigestStore } from './local-digest-store.js';
export { CloudTrailPublicKeys } from './public-key-providers.js';
export { FilePublicKeys } from './file-public-keys.js';
export { lookupTrail, type TrailLocation } from './trail-lookup.js';
export { discoverOrganizationId } from './organization-id.js';
