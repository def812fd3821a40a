/** Number, time and text formatting for the panes. Pure. */
import { groupedInteger } from '../text/grouped-integer.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { cutToColumns, textColumns } from './lines.js';

/** Integer with thin grouping (`12,345`); `1.2M` above a million. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Math.abs(n) >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  return groupedInteger(n);
}

/** Rate per second, one decimal below 100. */
export function fmtRate(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return n < 100 ? n.toFixed(1) : fmtCount(n);
}

/** A 0..1 fraction as a percentage with one decimal (`12.5%`). */
export function fmtPct(fraction: number): string {
  if (!Number.isFinite(fraction)) return '-';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Milliseconds (`42ms`, `1.3s`); `-` for null. */
export function fmtMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(0)}s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.round(ms)}ms`;
}

/** Signed change (`+12`, `-3`, `±0`). */
export function fmtDelta(n: number): string {
  if (n === 0) return '±0';
  return n > 0 ? `+${fmtCount(n)}` : `-${fmtCount(-n)}`;
}

/** `HH:MM:SS` in UTC. */
export function fmtClock(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--';
  return new Date(ms).toISOString().slice(11, 19);
}

/** ISO date-time without milliseconds, UTC (`2026-11-24 06:44:03Z`). */
export function fmtDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Window length as the keys name it (`1m`, `5m`, `15m`, `1h`, `90s`). */
export function fmtWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Duration for ETAs (`45s`, `3m05s`, `1h02m`). */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Bytes (`512B`, `3.4MB`). */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)}MB`;
  return `${(n / 1024 ** 3).toFixed(2)}GB`;
}

/** Hostile (log-derived) text made safe and cut to `width` characters. */
export function safe(text: string | null | undefined, width: number): string {
  if (text === null || text === undefined) return '';
  return sanitizeForTerminal(text, Math.max(0, width));
}

/**
 * Pad or cut (already safe) text to exactly `width` terminal columns, so the columns after
 * it line up even when a log field holds wide (CJK, emoji) or zero-width characters.
 */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const shown = textColumns(text) <= width ? text : cutToColumns(text, width - 1) + '…';
  const pad = ' '.repeat(width - textColumns(shown));
  return align === 'left' ? shown + pad : pad + shown;
}

/** Strip the `Failed:` prefix of a raw status for display. */
export function shortStatus(status: string): string {
  return status.startsWith('Failed:') ? status.slice('Failed:'.length) : status;
}

/** Known failure-code prefixes and what they shorten to when a column is narrow. */
const CODE_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ClientCert', '…'],
  ['ConnectionFunction', 'ConnFn'],
];

/**
 * A (safe) failure code shortened for a narrow column: whole when it fits, else with its
 * family prefix dropped (`ClientCertUntrusted` → `…Untrusted`), else cut at the end.
 */
export function fitFailureCode(code: string, width: number): string {
  if (code.length <= width) return code;
  const short = shortFailureCode(code);
  return short.length <= width ? short : cell(short, width);
}

/** The narrow form of a failure code (`…Untrusted`), as {@link fitFailureCode} shortens it first. */
export function shortFailureCode(code: string): string {
  for (const [prefix, short] of CODE_PREFIXES) {
    if (code.startsWith(prefix) && code.length > prefix.length) return short + code.slice(prefix.length);
  }
  return code;
}

/**
 * A (safe) path-like label cut to `width` characters keeping what tells similar labels
 * apart: its last whole `/` components (`…/logs/cloudfront.log`); when the last one alone
 * is too long, its middle goes. Labels without `/` lose their middle.
 */
export function elidePath(label: string, width: number): string {
  if (label.length <= width) return label;
  if (width <= 1) return width === 1 ? '…' : '';
  const slash = label.lastIndexOf('/');
  const base = slash >= 0 ? label.slice(slash + 1) : label;
  if (slash >= 0 && base.length + 2 <= width) {
    const tail = label.slice(label.length - (width - 1));
    return '…' + tail.slice(tail.indexOf('/'));
  }
  const headLen = Math.ceil((width - 1) / 2);
  const tailLen = width - 1 - headLen;
  return base.slice(0, headLen) + '…' + (tailLen > 0 ? base.slice(-tailLen) : '');
}
