/**
 * The header clock. While data moves it ticks every second. While the store slides its
 * window in longer steps (no input for a few seconds: the overview's `idleStepMs`) it
 * shows the time of the frame on screen, the window's edge, and moves with it, so the
 * clock never claims a newer picture than the one shown. Once nothing has changed for
 * a while (an idle monitor whose data left the history) it shows minutes and wakes once
 * a minute, so an idle monitor redraws almost nothing (a frame at 200x50 costs Ink
 * several milliseconds).
 */
import { useEffect, useRef, useState } from 'react';

/** How long after the last change the clock keeps second resolution. */
export const CLOCK_ACTIVE_MS = 10_000;
/** A stepping store publishes every step; the frame's time is shown until a step is this late. */
const STEP_GRACE_MS = 5_000;

/** The window's edge steps of the frame on screen: their length and the frame's time. */
export interface ClockStep {
  stepMs: number;
  edgeMs: number;
}

/** `{ nowMs, seconds }`: the time to show and whether to show seconds. */
export function useClock(changeKey: unknown, now: () => number, step: ClockStep | null = null): { nowMs: number; seconds: boolean } {
  const lastChange = useRef(now());
  const lastKey = useRef(changeKey);
  if (lastKey.current !== changeKey) {
    lastKey.current = changeKey;
    lastChange.current = now();
  }
  const [, setTick] = useState(0);
  const current = now();
  const stepping = step !== null && current - lastChange.current < step.stepMs + STEP_GRACE_MS;
  const seconds = stepping || current - lastChange.current < CLOCK_ACTIVE_MS;
  useEffect(() => {
    const at = now();
    // While stepping the next publish re-renders; the timer only notices publishes stopping.
    const delay = stepping ? lastChange.current + step.stepMs + STEP_GRACE_MS - at : seconds ? 1000 - (at % 1000) : 60_000 - (at % 60_000);
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, delay) + 5);
    return () => clearTimeout(timer);
  });
  return { nowMs: stepping ? step.edgeMs : current, seconds };
}
