/**
 * One JSON.parse per line, with the failure turned into a reason instead of an exception.
 */
import { hasControlChars, type MalformedReason } from './outcome.js';

/** Parse a line that should hold one JSON object; a reason when it does not. */
export function parseJsonObject(line: string): Record<string, unknown> | MalformedReason {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return hasControlChars(line) ? 'binary' : 'invalid-json';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not-an-object';
  return value as Record<string, unknown>;
}
