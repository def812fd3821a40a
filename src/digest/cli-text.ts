/**
 * The AWS CLI's wording for `validate-logs` output, reproduced byte for byte
 * (awscli/customizations/cloudtrail/validation.py).
 */
import { formatDisplayDate } from './digest-key.js';
import type { Gap, Verdict } from './types.js';

/** `Validating log files for trail ARN between S and E`. */
export function headerLine(trailArn: string, start: Date, end: Date): string {
  return `Validating log files for trail ${trailArn} between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}`;
}

/** `[(backfill) ]Digest file<TAB>s3://b/k<TAB>valid|INVALID: reason`. */
export function verdictLine(verdict: Verdict): string {
  const prefix = verdict.kind === 'digest' && verdict.backfill ? '(backfill) ' : '';
  const what = verdict.kind === 'digest' ? 'Digest file' : 'Log file';
  return `${prefix}${what}\t${verdict.uri}\t${verdict.valid ? 'valid' : `INVALID: ${verdict.reason ?? 'unknown reason'}`}`;
}

/** The CLI's gap line. */
export function gapMessage(nextEnd: Date, lastStart: Date, backfill: boolean): string {
  return `${backfill ? '(backfill) ' : ''}No log files were delivered by CloudTrail between ${formatDisplayDate(nextEnd)} and ${formatDisplayDate(lastStart)}`;
}

/** Build a Gap record. */
export function makeGap(nextEnd: Date, lastStart: Date, backfill: boolean): Gap {
  return {
    startTime: formatDisplayDate(nextEnd),
    endTime: formatDisplayDate(lastStart),
    message: gapMessage(nextEnd, lastStart, backfill),
    ...(backfill ? { backfill } : {}),
  };
}

/** Counters the summary is written from. */
export interface SummaryCounts {
  digests: { valid: number; invalid: number };
  backfillDigests: { valid: number; invalid: number };
  logFiles: { valid: number; invalid: number };
  foundStart: Date | null;
  foundEnd: Date | null;
}

function ratio(valid: number, invalid: number, name: string): string[] {
  const total = valid + invalid;
  if (total === 0) return [];
  return [`${valid}/${total} ${name} files valid${invalid > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ''}`];
}

/** The closing lines; the CLI writes them joined by newlines with a final newline. */
export function summaryLines(start: Date, end: Date, counts: SummaryCounts): string[] {
  const lines = [`Results requested for ${formatDisplayDate(start)} to ${formatDisplayDate(end)}`];
  const valid = counts.digests.valid + counts.backfillDigests.valid;
  const invalid = counts.digests.invalid + counts.backfillDigests.invalid;
  if (valid === 0 && invalid === 0) return [...lines, 'No digests found'];
  if (!counts.foundStart || !counts.foundEnd) lines.push('No valid digests found in range');
  else lines.push(`Results found for ${formatDisplayDate(counts.foundStart)} to ${formatDisplayDate(counts.foundEnd)}:`);
  lines.push('');
  lines.push(...ratio(counts.digests.valid, counts.digests.invalid, 'digest'));
  lines.push(...ratio(counts.backfillDigests.valid, counts.backfillDigests.invalid, 'backfill digest'));
  lines.push(...ratio(counts.logFiles.valid, counts.logFiles.invalid, 'log'));
  return lines;
}
