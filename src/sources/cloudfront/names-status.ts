/**
 * How the CloudFront names look-up shows in the sources row. Apart from
 * distribution-names.ts, so that a monitor can name the status without loading the
 * CloudFront client.
 */

/** Status id and label of the look-up (one entry in the sources row, when shown). */
export const NAMES_STATUS_ID = 'cloudfront-names';
export const NAMES_LABEL = 'CloudFront names';
