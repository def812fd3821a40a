/**
 * Turns CloudWatch events into `LineBatch`es: one record line per event message, the
 * origin `logGroupName/logStreamName`, a `firewall` format hint for Network Firewall
 * log groups and streams, and the de-duplication key used at seams.
 */
import { createHash } from 'node:crypto';
import type { FormatHint, LineBatch } from '../types.js';

/** The parts of a CloudWatch log event the source uses (FilterLogEvents or Live Tail). */
export interface CloudWatchEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
  eventId?: string;
}

/** `firewall` when the group or stream is a Network Firewall log (`/aws/network-firewall/...`). */
export function formatHintFor(logGroupName: string, logStreamName: string): FormatHint {
  const isFirewall = (name: string): boolean => name.startsWith('/aws/network-firewall/') || name.includes('network-firewall');
  return isFirewall(logGroupName) || isFirewall(logStreamName) ? 'firewall' : 'auto';
}

/**
 * Key that identifies one event across reads that share no event id (Live Tail has
 * none): group, stream, timestamp and a hash of the message.
 */
export function contentKey(event: CloudWatchEvent): string {
  // One short digest of everything keeps the per-key memory small (27 characters).
  return createHash('sha1')
    .update(`${event.logGroupName}\u0000${event.logStreamName}\u0000${event.timestamp}\u0000`)
    .update(event.message)
    .digest('base64');
}

/**
 * Group events into one batch per origin, keeping their order within each origin.
 * A message may hold several lines only if CloudWatch was given them that way; each
 * event stays one record line, so embedded newlines are kept as they are.
 */
export function toBatches(events: readonly CloudWatchEvent[], sampled?: boolean): LineBatch[] {
  const byOrigin = new Map<string, LineBatch>();
  for (const event of events) {
    const origin = `${event.logGroupName}/${event.logStreamName}`;
    let batch = byOrigin.get(origin);
    if (!batch) {
      batch = { origin, lines: [], format: formatHintFor(event.logGroupName, event.logStreamName) };
      if (sampled !== undefined) batch.sampled = sampled;
      byOrigin.set(origin, batch);
    }
    batch.lines.push(event.message.endsWith('\n') ? event.message.replace(/\r?\n$/, '') : event.message);
  }
  return [...byOrigin.values()];
}

/** Sort by timestamp (stable): FilterLogEvents may return events grouped by stream. */
export function byTimestamp(events: CloudWatchEvent[]): CloudWatchEvent[] {
  return events.sort((a, b) => a.timestamp - b.timestamp);
}
