/** CloudFront: the names of distributions (`--resolve-names`), from ListDistributions. */
export {
  createCloudFrontClient,
  NAME_LIMITS,
  NAMES_STATUS_ID,
  resolveDistributionNames,
  type DistributionName,
  type DistributionNameOptions,
  type DistributionNames,
} from './distribution-names.js';
