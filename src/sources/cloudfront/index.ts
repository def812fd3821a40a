/** CloudFront: the names of distributions (`--resolve-names`), from ListDistributions. */
export {
  createCloudFrontClient,
  NAME_LIMITS,
  resolveDistributionNames,
  type DistributionName,
  type DistributionNameOptions,
  type DistributionNames,
} from './distribution-names.js';
export { NAMES_LABEL, NAMES_STATUS_ID } from './names-status.js';
export { lookUpDistributionNames } from './lookup-names.js';
