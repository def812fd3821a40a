/**
 * Whole-file format detection from the first non-empty lines, for callers that want to
 * fix a file's format once (and report it) instead of detecting line by line.
 */
import { CONNECTION_FIELD_SET } from './connection-record.js';
import { isFirewallRecord } from './firewall.js';
import { parseJsonObject } from './json-line.js';
import type { LineParserOptions } from './line-parser.js';
import { isBlank, screenLine } from './outcome.js';

/** How many non-empty lines detectFormat looks at, at most. */
export const DETECT_SAMPLE_LINES = 20;

/**
 * Decide the format of a file from its first lines. Returns options for createLineParser:
 * `firewall` or `cloudfront-json` when a JSON object decides it, `cloudfront-delimited`
 * (with the header's field list) for W3C or a Plain header, otherwise `auto`, which
 * still detects line by line.
 */
export function detectFormat(lines: readonly string[]): LineParserOptions {
  let seen = 0;
  for (const raw of lines) {
    if (seen >= DETECT_SAMPLE_LINES) break;
    if (screenLine(raw) !== null || isBlank(raw)) continue;
    seen++;
    const line = raw.trim().replace(/^\uFEFF/, '');
    if (line.startsWith('{')) {
      const record = parseJsonObject(line);
      if (typeof record === 'string') continue;
      return { format: isFirewallRecord(record) ? 'firewall' : 'cloudfront-json' };
    }
    if (line.startsWith('#Fields:')) {
      const fields = line
        .slice(8)
        .split(/[^A-Za-z0-9_.-]+/)
        .filter((name) => name !== '');
      return { format: 'cloudfront-delimited', fields };
    }
    if (line.startsWith('#')) continue;
    const names = line.split(/[^A-Za-z0-9_.-]+/).filter((name) => name !== '');
    if (names.includes('eventTimestamp') && names.every((name) => CONNECTION_FIELD_SET.has(name))) {
      return { format: 'cloudfront-delimited', fields: names };
    }
  }
  return { format: 'auto' };
}
