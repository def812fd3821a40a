/**
 * What a parser returns for one line, and the fixed vocabulary of malformed reasons
 * (they become count keys in reports, so keep the list short and stable).
 */
import type { LogEvent } from '../events/types.js';

/**
 * Longest line a parser looks at, in UTF-16 code units (64 KiB). A real connection-log
 * or firewall record is well under 2 KiB; anything longer is rejected as `line-too-long`
 * before any scanning. Sources that cap runaway lines can cut them to
 * `MAX_LINE_LENGTH + 1` characters and still get that verdict.
 */
export const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Mark the file reader appends to a line it had to cut (a NUL cannot occur in a real
 * log line); such a line counts as `line-too-long`, not as binary.
 */
export const TRUNCATED_LINE_MARK = '\u0000[truncated]';

/** Every reason a line can be counted as malformed. */
export const MALFORMED_REASONS = [
  'line-too-long',
  'invalid-utf8',
  'binary',
  'invalid-json',
  'not-an-object',
  'missing-timestamp',
  'bad-timestamp',
  'missing-status',
  'bad-status',
  'bad-field-type',
  'missing-field',
  'missing-header',
  'field-count-mismatch',
  'unknown-format',
] as const;

/** One of MALFORMED_REASONS. */
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/** Result of parsing one line: an event, a line to ignore (blank, header, comment), or malformed input. */
export type ParseOutcome = { type: 'event'; event: LogEvent } | { type: 'skip' } | { type: 'malformed'; reason: MalformedReason };

/** Shared `skip` outcome (never mutate). */
export const SKIP: ParseOutcome = Object.freeze({ type: 'skip' }) as ParseOutcome;

const MALFORMED_BY_REASON = new Map<MalformedReason, ParseOutcome>(
  MALFORMED_REASONS.map((reason) => [reason, Object.freeze({ type: 'malformed', reason }) as ParseOutcome]),
);

/** Shared, frozen malformed outcome for a reason (no allocation per bad line). */
export function malformed(reason: MalformedReason): ParseOutcome {
  return MALFORMED_BY_REASON.get(reason) as ParseOutcome;
}

/** Wrap an event as an outcome. */
export function eventOutcome(event: LogEvent): ParseOutcome {
  return { type: 'event', event };
}

/**
 * Cheap checks every line goes through before any format logic: length cap, replacement
 * characters left by invalid UTF-8 decoding, NUL bytes. Returns the reason or null.
 */
export function screenLine(line: string): MalformedReason | null {
  if (line.length > MAX_LINE_LENGTH) return 'line-too-long';
  if (line.indexOf('\uFFFD') !== -1) return 'invalid-utf8';
  if (line.indexOf('\u0000') !== -1) return line.endsWith(TRUNCATED_LINE_MARK) ? 'line-too-long' : 'binary';
  return null;
}

/** True when the text holds C0 control characters other than tab, CR and LF (binary garbage). */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
}

/** True when the line holds only whitespace; stops at the first other character. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) return false;
  }
  return true;
}
