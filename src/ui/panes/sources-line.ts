/**
 * The header's sources row. Every source by its distinguishing name (a long path keeps
 * its last path components) when they all fit; otherwise a summary that names each
 * source that is retrying or in error, with its message, then counts the rest
 * (`3 files connected`). Notes (where diagnostics went, why CloudWatch is polled
 * instead of tailed) follow the sources.
 *
 * When the row is short, messages and notes are shortened by their structure rather
 * than cut at a fixed length (see message-fit.ts): the operation and what went wrong
 * survive, the detail and the advice go first; then labels are elided further; only
 * then is the row cut at its end.
 */
import type { SourceStatus } from '../../sources/types.js';
import { elidePath, safe } from '../format.js';
import { fitLine, lineColumns, seg, type Line, type Segment } from '../lines.js';
import type { Tone } from '../theme.js';
import { MESSAGE_LEVELS, messageAt } from './message-fit.js';

const STATE_TONE: Record<SourceStatus['state'], Tone> = {
  starting: 'status.info',
  connected: 'status.ok',
  retrying: 'status.warn',
  error: 'status.error',
  done: 'text.muted',
};

const LABEL_MAX = 40;
const SUMMARY_LABEL_MAX = 30;
/** Labels are read this far before eliding, so a hostile label stays bounded. */
const LABEL_READ = 1000;

/** One way of fitting the row: how far labels are elided, messages and notes shortened. */
interface Fit {
  labelMax: number;
  level: number;
  noteLevel: number;
}

const L = MESSAGE_LEVELS;
/**
 * Tried in order until the row fits: notes first (a troubled source's message matters
 * more), then messages down to `Operation: what (CODE)`, then labels, then messages to
 * `Operation: what` and `Operation: CODE`, then labels again.
 */
const FITS: readonly Fit[] = [
  ...Array.from({ length: L + 1 }, (_, i) => ({ labelMax: LABEL_MAX, level: 0, noteLevel: i })),
  ...[1, 2, 3].map((level) => ({ labelMax: LABEL_MAX, level, noteLevel: L })),
  { labelMax: 24, level: 3, noteLevel: L },
  { labelMax: 24, level: 4, noteLevel: L },
  { labelMax: 24, level: 5, noteLevel: L },
  { labelMax: 20, level: L, noteLevel: L },
];

const isProblem = (s: SourceStatus) => s.state === 'retrying' || s.state === 'error';

function stateText(s: Pick<SourceStatus, 'state' | 'mode' | 'sampled'>): string {
  return `${s.state}${s.mode ? ` ${safe(s.mode, 10)}` : ''}${s.sampled ? ' sampled' : ''}`;
}

function named(s: SourceStatus, labelMax: number, level: number): Segment[] {
  const out = [seg(`${elidePath(safe(s.label, LABEL_READ), labelMax)} `), seg(stateText(s), STATE_TONE[s.state])];
  if (s.message && isProblem(s)) out.push(seg(` (${messageAt(s.message, level)})`, 'text.muted'));
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
function summary(statuses: readonly SourceStatus[], fit: Fit): Segment[] {
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
  const labelMax = Math.min(SUMMARY_LABEL_MAX, fit.labelMax);
  return joined([...statuses.filter(isProblem).map((s) => named(s, labelMax, fit.level)), ...counted]);
}

/**
 * The sources row, `width` columns at most; `sampled` adds the snapshot's SAMPLED marker,
 * and notes (where diagnostics went, which mode and why) follow the sources, by their message.
 */
export function sourcesLine(all: readonly SourceStatus[], sampled: boolean, width: number): Line {
  const statuses = all.filter((s) => !s.note);
  const notes = all.filter((s) => s.note);
  const head = seg('sources: ', 'text.muted');
  const tail = (noteLevel: number): Segment[] => [
    ...(sampled ? [seg('  SAMPLED', 'status.warn', { bold: true })] : []),
    ...notes.flatMap((s) => [seg(' · ', 'text.muted'), seg(messageAt(s.message ?? s.label, noteLevel), 'status.warn')]),
  ];
  // The first fit where the row fits whole; else the first where its essential start
  // (the troubled sources with their messages) fits, cut at its end; else the last, cut.
  const fitted = (build: (fit: Fit) => Line, essential: (fit: Fit) => Line): Line => {
    for (const fit of FITS) {
      const line = build(fit);
      if (lineColumns(line) <= width) return line;
    }
    const fit = FITS.find((f) => lineColumns(essential(f)) <= width) ?? FITS[FITS.length - 1]!;
    return fitLine(build(fit), width);
  };
  if (statuses.length === 0) {
    const none = [head, seg('none yet', 'text.muted')];
    return fitted(
      (fit) => [...none, ...tail(fit.noteLevel)],
      () => none,
    );
  }
  const full = [head, ...joined(statuses.map((s) => named(s, LABEL_MAX, 0))), ...tail(0)];
  if (lineColumns(full) <= width) return full;
  if (statuses.length === 1) {
    const one = (fit: Fit) => [head, ...named(statuses[0]!, fit.labelMax, fit.level)];
    return fitted((fit) => [...one(fit), ...tail(fit.noteLevel)], one);
  }
  const problems = statuses.filter(isProblem);
  return fitted(
    (fit) => [head, ...summary(statuses, fit), ...tail(fit.noteLevel)],
    (fit) => [head, ...summary(problems, fit)],
  );
}
