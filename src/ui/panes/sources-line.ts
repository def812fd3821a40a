/**
 * The header's sources row. Every source by its distinguishing name (a long path keeps
 * its last path components) when they all fit; otherwise a summary that names each
 * source that is retrying or in error, with its message, then counts the rest
 * (`3 files connected`).
 */
import type { SourceStatus } from '../../sources/types.js';
import { elidePath, safe } from '../format.js';
import { fitLine, lineColumns, seg, type Line, type Segment } from '../lines.js';
import type { Tone } from '../theme.js';

const STATE_TONE: Record<SourceStatus['state'], Tone> = {
  starting: 'status.info',
  connected: 'status.ok',
  retrying: 'status.warn',
  error: 'status.error',
  done: 'text.muted',
};

const LABEL_MAX = 40;
const SUMMARY_LABEL_MAX = 30;
const MESSAGE_MAX = 60;
/** Message length in a summary that would not fit with whole messages. */
const SHORT_MESSAGE_MAX = 24;
/** Labels are read this far before eliding, so a hostile label stays bounded. */
const LABEL_READ = 1000;

const isProblem = (s: SourceStatus) => s.state === 'retrying' || s.state === 'error';

function stateText(s: Pick<SourceStatus, 'state' | 'mode' | 'sampled'>): string {
  return `${s.state}${s.mode ? ` ${safe(s.mode, 10)}` : ''}${s.sampled ? ' sampled' : ''}`;
}

function named(s: SourceStatus, labelMax: number, messageMax = MESSAGE_MAX): Segment[] {
  const out = [seg(`${elidePath(safe(s.label, LABEL_READ), labelMax)} `), seg(stateText(s), STATE_TONE[s.state])];
  if (s.message && isProblem(s)) out.push(seg(` (${safe(s.message, messageMax)})`, 'text.muted'));
  return out;
}

function noun(mode: string | undefined, n: number): string {
  if (mode === 'file') return n === 1 ? 'file' : 'files';
  return `${mode ? `${safe(mode, 10)} ` : ''}${n === 1 ? 'source' : 'sources'}`;
}

function joined(parts: Segment[][]): Segment[] {
  return parts.flatMap((p, i) => (i > 0 ? [seg(' · ', 'text.muted'), ...p] : p));
}

/** Each troubled source by name (first, so a narrow terminal keeps them), then the others counted by state and mode. */
function summary(statuses: readonly SourceStatus[], messageMax: number): Segment[] {
  const groups = new Map<string, { s: SourceStatus; n: number }>();
  for (const s of statuses) {
    if (isProblem(s)) continue;
    const key = `${s.state}\u0000${s.mode ?? ''}\u0000${s.sampled ? 1 : 0}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { s, n: 1 });
  }
  const counted = [...groups.values()].map(({ s, n }) => [
    seg(`${n} ${noun(s.mode, n)} `),
    seg(`${s.state}${s.sampled ? ' sampled' : ''}`, STATE_TONE[s.state]),
  ]);
  return joined([...statuses.filter(isProblem).map((s) => named(s, SUMMARY_LABEL_MAX, messageMax)), ...counted]);
}

/**
 * The sources row, `width` columns at most; `sampled` adds the snapshot's SAMPLED marker,
 * and notes (where diagnostics went) follow the sources, by their message.
 */
export function sourcesLine(all: readonly SourceStatus[], sampled: boolean, width: number): Line {
  const statuses = all.filter((s) => !s.note);
  const notes = all.filter((s) => s.note).flatMap((s) => [seg(' · ', 'text.muted'), seg(safe(s.message ?? s.label, MESSAGE_MAX + LABEL_MAX), 'status.warn')]);
  const head = seg('sources: ', 'text.muted');
  const tail = [...(sampled ? [seg('  SAMPLED', 'status.warn', { bold: true })] : []), ...notes];
  if (statuses.length === 0) return fitLine([head, seg('none yet', 'text.muted'), ...tail], width);
  const full = [head, ...joined(statuses.map((s) => named(s, LABEL_MAX))), ...tail];
  if (lineColumns(full) <= width || statuses.length === 1) return fitLine(full, width);
  const summarised = [head, ...summary(statuses, MESSAGE_MAX), ...tail];
  if (lineColumns(summarised) <= width) return summarised;
  return fitLine([head, ...summary(statuses, SHORT_MESSAGE_MAX), ...tail], width);
}
