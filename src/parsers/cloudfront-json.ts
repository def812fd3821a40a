/**
 * CloudFront connection logs delivered as JSON, one record per line (CloudWatch Logs,
 * Firehose and S3 with output format JSON). Values may be strings or numbers, and any
 * field may be missing (field selection).
 */
import { connectionEventFromRecord } from './connection-record.js';
import { parseJsonObject } from './json-line.js';
import { eventOutcome, isBlank, malformed, screenLine, SKIP, type ParseOutcome } from './outcome.js';

/** Parse one JSON connection-log line. Blank lines are skipped; never throws. */
export function parseCloudFrontJsonLine(line: string): ParseOutcome {
  const bad = screenLine(line);
  if (bad !== null) return malformed(bad);
  if (isBlank(line)) return SKIP;
  const record = parseJsonObject(line);
  if (typeof record === 'string') return malformed(record);
  const event = connectionEventFromRecord(record);
  return typeof event === 'string' ? malformed(event) : eventOutcome(event);
}
