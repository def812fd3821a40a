/** Recent failures pane (scrollable list) and the one-record detail view. */
import type { RecentEvent } from '../../aggregation/types.js';
import type { LogEvent } from '../../events/types.js';
import { eventTimeMs } from '../../events/types.js';
import { cell, fmtClock, fmtDateTime, safe } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import { scrollStart, type PaneOpts } from './pane-opts.js';

/** Extra inputs of the Recent failures pane. */
export interface FailuresOpts extends PaneOpts {
  cursor: number;
}

// Short "what failed" text of one event (all log-derived parts sanitised).
function summary(e: LogEvent, width: number): { where: string; what: string; rest: string } {
  if (e.kind === 'connection') {
    return {
      where: safe(e.distributionId ?? '-', width),
      what: safe(e.failureCode ?? e.connectionStatus, width),
      rest: [e.clientIp, e.tlsSni, e.clientLeafCertSubject]
        .filter((x): x is string => !!x)
        .map((x) => safe(x, 60))
        .join('  '),
    };
  }
  const what =
    e.category === 'tls_error'
      ? `tls ${e.tlsErrorClass ?? 'other'}`
      : e.category === 'revocation_check'
        ? `revocation ${e.event.revocation_check?.status ?? ''}`
        : (e.otherType ?? 'other');
  return {
    where: safe(`fw ${e.firewall_name ?? ''}`, width),
    what: safe(what, width),
    rest: [e.event.src_ip, e.event.sni, e.event.tls_error?.error_message]
      .filter((x): x is string => !!x)
      .map((x) => safe(x, 60))
      .join('  '),
  };
}

/** Lines of the Recent failures pane (newest first). */
export function failuresLines(events: readonly RecentEvent[], opts: FailuresOpts): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Recent failures', width, opts.focused, `${events.length} kept`)];
  if (events.length === 0) {
    lines.push([seg('no failures in the window', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const whereW = 15;
  const whatW = 24;
  const visible = Math.max(0, opts.height - 1);
  const start = scrollStart(opts.cursor, events.length, visible);
  events.slice(start, start + visible).forEach((r, i) => {
    const selected = opts.focused && start + i === opts.cursor;
    const s = summary(r.event, 40);
    const text = `${selected ? '›' : ' '} ${fmtClock(eventTimeMs(r.event))} ${cell(s.where, whereW)} ${cell(s.what, whatW)} ${s.rest}`;
    lines.push([seg(text, selected ? undefined : 'status.error', { inverse: selected })]);
  });
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}

// Flatten an event to dotted field paths, in the event's own field order.
function flatten(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
}

/** Every field of one record, `name  value`, for the detail overlay (scroll = first field row shown). */
export function failureDetailLines(record: RecentEvent | undefined, opts: PaneOpts & { scroll: number }): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Failure record', width, true, 'Esc closes')];
  if (!record) {
    lines.push([seg('this record is no longer in the recent-failures buffer', 'text.muted')]);
    return fitHeight(lines, opts.height);
  }
  const fields: Array<[string, string]> = [['source', record.source]];
  flatten(record.event, '', fields);
  const time = eventTimeMs(record.event);
  fields.splice(1, 0, ['time', fmtDateTime(time)]);
  const nameW = Math.min(30, Math.max(...fields.map(([k]) => k.length)) + 2);
  const rows = fields.map(([k, v]): Line => [seg(cell(safe(k, nameW), nameW), 'text.muted'), seg(safe(v, Math.max(1, width - nameW)))]);
  const visible = Math.max(0, opts.height - 1);
  const start = Math.min(opts.scroll, Math.max(0, rows.length - visible));
  lines.push(...rows.slice(start, start + visible));
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
