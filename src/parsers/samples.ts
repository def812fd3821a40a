/**
 * Every parser's samples in one list, for the table-driven test and for anyone who
 * wants known-good input (the demo, benchmarks).
 */
import { CLOUDFRONT_DELIMITED_SAMPLES } from './cloudfront-delimited-samples.js';
import { CLOUDFRONT_JSON_SAMPLES } from './cloudfront-json-samples.js';
import { FIREWALL_SAMPLES } from './firewall-samples.js';
import type { ParserSample } from './sample.js';

/** All parser samples: CloudFront JSON, CloudFront delimited, Network Firewall. */
export const ALL_PARSER_SAMPLES: readonly ParserSample[] = [
  ...CLOUDFRONT_JSON_SAMPLES,
  ...CLOUDFRONT_DELIMITED_SAMPLES,
  ...FIREWALL_SAMPLES,
];
