/** Digest validation pane: progress bar, counts, rate, ETA, INVALID findings, summary. */
import type { Gap, ValidationProgress, ValidationSummary, Verdict } from '../../digest/types.js';
import { progressBar } from '../charts.js';
import { fmtBytes, fmtDuration, fmtRate, safe } from '../format.js';
import { fitHeight, fitLine, seg, titleLine, type Line } from '../lines.js';
import type { PaneOpts } from './pane-opts.js';

/** Bounded list of findings kept on screen. */
export const MAX_FINDINGS = 200;

/** What the validation panel shows; built by the `useValidation` hook. */
export interface ValidationView {
  phase: 'unavailable' | 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  describe: string;
  progress: ValidationProgress | null;
  counts: { digestsValid: number; digestsInvalid: number; logsValid: number; logsInvalid: number };
  /** INVALID verdicts and gaps, in arrival order (bounded). */
  findings: Array<{ kind: 'invalid'; verdict: Verdict } | { kind: 'gap'; gap: Gap }>;
  summary: ValidationSummary | null;
  error: string | null;
  nowMs: number;
}

/** The view before anything ran. */
export function idleValidationView(describe: string | null, nowMs: number): ValidationView {
  return {
    phase: describe === null ? 'unavailable' : 'idle',
    describe: describe ?? '',
    progress: null,
    counts: { digestsValid: 0, digestsInvalid: 0, logsValid: 0, logsInvalid: 0 },
    findings: [],
    summary: null,
    error: null,
    nowMs,
  };
}

/** Fraction done, from digests (the walk's unit) when known, else log files. */
export function validationFraction(p: ValidationProgress): number | null {
  if (p.digestsKnown !== null && p.digestsKnown > 0) return Math.min(1, p.digestsDone / p.digestsKnown);
  if (p.logFilesKnown > 0) return Math.min(1, p.logFilesDone / p.logFilesKnown);
  return null;
}

/** Lines of the validation pane. `cursor` is the first finding shown. */
export function validationLines(v: ValidationView, opts: PaneOpts & { cursor: number }): Line[] {
  const { width } = opts;
  const lines: Line[] = [titleLine('Digest validation', width, opts.focused, v.phase)];
  if (v.phase === 'unavailable') {
    lines.push([seg('no validation target configured (see `tlstop validate --help`)', 'text.muted')]);
    return fitHeight(
      lines.map((l) => fitLine(l, width)),
      opts.height,
    );
  }
  lines.push([seg(safe(v.describe, width), 'text.muted')]);
  if (v.phase === 'idle') {
    lines.push([seg('press v to validate the digest chain', 'text.muted')]);
    return fitHeight(
      lines.map((l) => fitLine(l, width)),
      opts.height,
    );
  }
  const p = v.progress;
  const c = v.counts;
  if (p) {
    const fraction = validationFraction(p);
    const elapsed = Math.max(1, v.nowMs - p.startedAtMs);
    const files = p.digestsDone + p.logFilesDone;
    const rate = (files * 1000) / elapsed;
    const eta = fraction !== null && fraction > 0 && v.phase === 'running' ? fmtDuration((elapsed * (1 - fraction)) / fraction) : '-';
    const pct = fraction === null ? '  ?%' : `${Math.floor(fraction * 100)}%`.padStart(4);
    lines.push([
      seg(progressBar(fraction ?? 0, Math.max(10, Math.min(40, width - 44))), 'chart.progress'),
      seg(` ${pct}  digests ${p.digestsDone}/${p.digestsKnown ?? '?'}  logs ${p.logFilesDone}/${p.logFilesKnown}`),
    ]);
    lines.push([seg(`${fmtBytes(p.bytes)} hashed  ${fmtRate(rate)} files/s  ETA ${eta}`, 'text.muted')]);
  }
  const invalid = c.digestsInvalid + c.logsInvalid;
  lines.push([
    seg(`valid: digests ${c.digestsValid}  logs ${c.logsValid}   `, 'status.ok'),
    seg(`INVALID: digests ${c.digestsInvalid}  logs ${c.logsInvalid}`, invalid > 0 ? 'status.error' : 'text.muted', { bold: invalid > 0 }),
  ]);
  if (v.error) lines.push([seg(`error: ${safe(v.error, width)}`, 'status.error')]);
  if (v.phase === 'running' && p?.current) lines.push([seg(`now ${safe(p.current, width)}`, 'text.muted')]);
  if (v.summary) {
    for (const s of v.summary.summaryLines) lines.push([seg(safe(s, width), v.summary.anyInvalid ? 'status.error' : 'status.ok')]);
  }
  if (v.findings.length > 0) {
    lines.push([seg(`findings (${v.findings.length}${v.findings.length >= MAX_FINDINGS ? '+' : ''})`, 'text.muted')]);
    const room = Math.max(0, opts.height - lines.length);
    const start = Math.max(0, Math.min(opts.cursor, v.findings.length - room));
    for (const f of v.findings.slice(start, start + room)) {
      if (f.kind === 'gap') lines.push([seg(safe(f.gap.message, width), 'status.warn')]);
      else {
        const label = f.verdict.kind === 'digest' ? 'Digest file' : 'Log file';
        lines.push([seg(`${label} ${safe(f.verdict.uri, width)} INVALID: ${safe(f.verdict.reason ?? '', width)}`, 'status.error')]);
      }
    }
  }
  return fitHeight(
    lines.map((l) => fitLine(l, width)),
    opts.height,
  );
}
