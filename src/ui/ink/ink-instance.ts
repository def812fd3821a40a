/**
 * Three things Ink 8 has no public API for, reached on its instance (the object `render()`
 * keeps in its `instances` map, keyed by the output stream):
 *
 * - a full redraw. Ink keeps the previous frame and writes only what changed, so after
 *   the screen was cleared (back from Ctrl-Z, after a resize) unchanged rows would stay
 *   blank or stale. `redrawAll` tells Ink's log-update that the screen is empty
 *   (`log.sync('')`) and forgets the last frame, then renders: the next write is a whole
 *   frame from the cursor, which the caller has put at the top left of a cleared screen.
 * - the frame-rate throttles' timers. Ink throttles rendering with es-toolkit's
 *   `throttle`, whose `flush()` (what Ink's `unmount()` calls) runs the pending call but
 *   leaves the timer armed, so after unmount a ref'd timer of `1000 / maxFps` ms keeps
 *   the process alive (about 17 minutes at `maxFps` 0.001). `cancelTimers` clears them.
 * - whether Ink has left the alternate screen (its `alternateScreen` flag drops to false
 *   once its unmount has written the exit sequence), so tlstop leaves it itself only when
 *   Ink did not.
 *
 * All check the instance's shape first and do nothing on an Ink that differs (the
 * project pins Ink 8.0; test/ui/render-app.test.tsx fails if the shape changes).
 */
import { importInkModule } from '../../runtime/package-files.js';

/** The parts of Ink's instance used here (ink/build/ink.js). */
interface InkInternals {
  isUnmounted: boolean;
  lastOutput: string;
  lastOutputToRender: string;
  lastOutputHeight: number;
  log: { sync(output: string): void };
  calculateLayout(): void;
  onRender(): void;
  alternateScreen?: boolean;
  throttledOnRender?: { cancel?: () => void } | undefined;
  throttledLog?: { cancel?: () => void; flush?: () => void } | undefined;
}

/** Redraw and timer control of one mounted Ink instance. */
export interface InkFrameControl {
  /** Forget what is on screen and write a whole frame now. False when Ink is unmounted. */
  redrawAll(): boolean;
  /** Clear the render throttles' pending timers (after unmount). */
  cancelTimers(): void;
  /** Ink was on the alternate screen and has left it (its unmount wrote the sequence). */
  leftAlternateScreen(): boolean;
}

/** Ink's `instances` map (ink/build/instances.js), or null when it cannot be loaded. */
export async function loadInkInstances(): Promise<WeakMap<object, unknown> | null> {
  try {
    const mod = (await importInkModule('./instances.js')) as { default?: unknown };
    return mod.default instanceof WeakMap ? (mod.default as WeakMap<object, unknown>) : null;
  } catch {
    return null;
  }
}

function isInkInternals(value: unknown): value is InkInternals {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const log = v['log'] as ((...args: unknown[]) => unknown) & { sync?: unknown };
  return (
    typeof v['isUnmounted'] === 'boolean' &&
    typeof v['lastOutput'] === 'string' &&
    typeof v['lastOutputToRender'] === 'string' &&
    typeof v['lastOutputHeight'] === 'number' &&
    typeof log === 'function' &&
    typeof log.sync === 'function' &&
    typeof v['calculateLayout'] === 'function' &&
    typeof v['onRender'] === 'function' &&
    typeof v['alternateScreen'] === 'boolean'
  );
}

/** Frame control of the Ink instance that renders to `stdout`, or null (not found, or another shape). */
export function inkFrameControl(instances: WeakMap<object, unknown> | null, stdout: object): InkFrameControl | null {
  const ink = instances?.get(stdout);
  if (!isInkInternals(ink)) return null;
  return {
    redrawAll() {
      if (ink.isUnmounted) return false;
      ink.log.sync('');
      ink.lastOutput = '';
      ink.lastOutputToRender = '';
      // Not the height of a frame that filled the terminal: that would take Ink's clear-terminal path.
      ink.lastOutputHeight = 0;
      ink.calculateLayout();
      ink.onRender();
      // The frame's write is throttled too: now, between the caller's brackets.
      ink.throttledLog?.flush?.();
      return true;
    },
    cancelTimers() {
      ink.throttledOnRender?.cancel?.();
      ink.throttledLog?.cancel?.();
    },
    leftAlternateScreen() {
      return ink.isUnmounted && ink.alternateScreen === false;
    },
  };
}
