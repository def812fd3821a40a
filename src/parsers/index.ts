/**
 * Public API of the log parsers: pure functions and small stateful per-origin parsers
 * that turn raw log lines into normalised LogEvents. No I/O in here.
 */
export { createLineParser, type LineParser, type LineParserOptions, type ParserFormat } from './line-parser.js';
export { MALFORMED_REASONS, MAX_LINE_LENGTH, TRUNCATED_LINE_MARK, type MalformedReason, type ParseOutcome } from './outcome.js';
export { detectFormat, DETECT_SAMPLE_LINES } from './detect-format.js';
export { parseCloudFrontJsonLine } from './cloudfront-json.js';
export { DelimitedConnectionParser, INFERRED_DELIMITERS, type DelimitedOptions } from './cloudfront-delimited.js';
export {
  CONNECTION_FIELDS,
  UNSPECIFIED_FAILURE,
  connectionEventFromRecord,
  splitConnectionStatus,
  type ConnectionField,
} from './connection-record.js';
export { MISSING_SNI_MESSAGE, classifyTlsError, firewallEventFromRecord, isFirewallRecord, parseFirewallLine } from './firewall.js';
export { parseCertValidity, parseIsoTime, type CertValidity } from './field-values.js';
