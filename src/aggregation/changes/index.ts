/**
 * Change detection and attribution (issue 11): what changed, where, since when, and
 * why. Pure: no UI, no I/O, event time only. {@link ChangeDetector} is the entry point.
 */
export { ChangeDetector } from './change-detector.js';
export {
  DEFAULT_CHANGE_OPTIONS,
  type Change,
  type ChangeDetectorOptions,
  type ChangeDetectorStats,
  type ConnectionCounts,
} from './types.js';
export type { AttributeField, AttributeShare, ConnectionField, FirewallField } from './attribution.js';
export { ANY_FAILURE, P99_CODE, type ChangeKind } from './series-key.js';
export { certificateValidityAt, type CertificateValidityAt } from './certificate-validity-at.js';
export { clientIpPrefix } from './ip-prefix.js';
