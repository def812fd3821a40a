/**
 * Every parser's samples in one list: the table-driven test (test/parsers/samples.test.ts)
 * runs each against its parser, and the fuzz test starts from them. Test fixtures: the
 * product runs none of them, so they live here, not in src/parsers.
 */
import { CLOUDFRONT_DELIMITED_SAMPLES } from './cloudfront-delimited.js';
import { CLOUDFRONT_JSON_SAMPLES } from './cloudfront-json.js';
import { FIREWALL_SAMPLES } from './firewall.js';
import type { ParserSample } from './parser-sample.js';

/** All parser samples: CloudFront JSON, CloudFront delimited, Network Firewall. */
export const ALL_PARSER_SAMPLES: readonly ParserSample[] = [
  ...CLOUDFRONT_JSON_SAMPLES,
  ...CLOUDFRONT_DELIMITED_SAMPLES,
  ...FIREWALL_SAMPLES,
];
