/**
 * Runs the validation runner on demand (`v`) and turns its callbacks into a ValidationView,
 * flushed to React at most every 100 ms however often the validator calls back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ValidationProgress } from '../../digest/types.js';
import type { ValidationRunner } from '../app-props.js';
import { idleValidationView, MAX_FINDINGS, type ValidationView } from '../panes/validation.js';

const FLUSH_MS = 100;

/** The validation panel's state and its start/cancel toggle. */
export function useValidation(runner: ValidationRunner | undefined, now: () => number): { view: ValidationView; toggle(): void } {
  const [view, setView] = useState<ValidationView>(() => idleValidationView(runner?.describe ?? null, now()));
  const work = useRef<ValidationView>(view);
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const flush = useCallback(() => {
    const next = { ...work.current, nowMs: now() };
    work.current = next;
    setView(next);
  }, [now]);

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };

  useEffect(
    () => () => {
      stopTimer();
      controller.current?.abort();
    },
    [],
  );

  const toggle = useCallback(() => {
    if (!runner) {
      work.current = { ...work.current, error: 'no validation target configured' };
      flush();
      return;
    }
    if (controller.current) {
      controller.current.abort();
      return;
    }
    const ac = new AbortController();
    controller.current = ac;
    const started = now();
    work.current = {
      ...idleValidationView(runner.describe, started),
      phase: 'running',
      progress: { digestsDone: 0, digestsKnown: null, logFilesDone: 0, logFilesKnown: 0, bytes: 0, current: null, startedAtMs: started },
    };
    flush();
    timer.current = setInterval(flush, FLUSH_MS);
    const push = (f: ValidationView['findings'][number]) => {
      if (work.current.findings.length < MAX_FINDINGS) work.current = { ...work.current, findings: [...work.current.findings, f] };
    };
    runner
      .start(ac.signal, {
        onVerdict: (v) => {
          const c = { ...work.current.counts };
          if (v.kind === 'digest') {
            if (v.valid) c.digestsValid++;
            else c.digestsInvalid++;
          } else if (v.valid) c.logsValid++;
          else c.logsInvalid++;
          work.current = { ...work.current, counts: c };
          if (!v.valid) push({ kind: 'invalid', verdict: v });
        },
        onGap: (gap) => push({ kind: 'gap', gap }),
        onProgress: (p: ValidationProgress) => {
          work.current = { ...work.current, progress: p };
        },
      })
      .then(
        (summary) => {
          work.current = { ...work.current, phase: ac.signal.aborted ? 'cancelled' : 'done', summary };
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          work.current = ac.signal.aborted ? { ...work.current, phase: 'cancelled' } : { ...work.current, phase: 'failed', error: message };
        },
      )
      .finally(() => {
        if (controller.current === ac) controller.current = null;
        stopTimer();
        flush();
      });
  }, [runner, now, flush]);

  return { view, toggle };
}
