/**
 * The header clock. While data moves it ticks every second; once nothing has changed for
 * a while (an idle monitor) it shows minutes and wakes once a minute, so an idle monitor
 * redraws almost nothing (a frame at 200x50 costs Ink several milliseconds).
 */
import { useEffect, useRef, useState } from 'react';

/** How long after the last change the clock keeps second resolution. */
export const CLOCK_ACTIVE_MS = 10_000;

/** `{ nowMs, seconds }`: the time to show and whether to show seconds. */
export function useClock(changeKey: unknown, now: () => number): { nowMs: number; seconds: boolean } {
  const lastChange = useRef(now());
  const lastKey = useRef(changeKey);
  if (lastKey.current !== changeKey) {
    lastKey.current = changeKey;
    lastChange.current = now();
  }
  const [, setTick] = useState(0);
  const nowMs = now();
  const seconds = nowMs - lastChange.current < CLOCK_ACTIVE_MS;
  useEffect(() => {
    const current = now();
    const delay = seconds ? 1000 - (current % 1000) : 60_000 - (current % 60_000);
    const timer = setTimeout(() => setTick((n) => n + 1), delay + 5);
    return () => clearTimeout(timer);
  });
  return { nowMs, seconds };
}
