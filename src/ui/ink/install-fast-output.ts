/**
 * Puts `FastOutputRenderer` in place of Ink's `Output#get`. Ink does not export its
 * `Output` class, so it is loaded from the file beside Ink's entry point: an ES module is
 * one instance per URL, so this is the class Ink's renderer uses.
 *
 * The gate is exact, not a semver range: the Ink version the renderer was derived from,
 * and a fingerprint (SHA-256) of Ink's `output.js`, which holds `Output#get` and everything
 * it calls (`applyWriteOperation`, the clip helpers, `sliceLineToColumns`, the caches).
 * ansi-tokenize and string-width must also be the very modules Ink's `output.js` imports.
 * Anything else, or `TLSTOP_INK_FAST_OUTPUT=0`, keeps Ink's own output stage, and says why
 * (`fastOutputStatus()`: the monitor's diagnostics and `tlstop --version` print it).
 */
import { FastOutputRenderer, type OutputState } from './fast-output.js';
import { inkBuildUrl, inkFileFingerprint, installedInkVersion } from './ink-files.js';

export { installedInkVersion };

/** The Ink release whose `Output#get` the fast renderer reproduces. */
export const VERIFIED_INK_VERSION = '8.0.0';
/** SHA-256 of that release's `build/output.js`. */
export const VERIFIED_OUTPUT_FINGERPRINT = '5e6c511c0a573f48cd5765d7f1f16583d2595f7b05775608382bdb990b63f225';

interface OutputClass {
  prototype: { get(this: OutputState): { output: string; height: number } };
}

/** URL of Ink's `output.js`, beside its entry point. */
function inkOutputUrl(): URL {
  return inkBuildUrl('output.js');
}

/** SHA-256 (hex) of Ink's `output.js`, or null when it cannot be read. */
export function inkOutputFingerprint(): string | null {
  return inkFileFingerprint('output.js');
}

/** Ink's own `Output` class, as its renderer uses it. */
export async function loadInkOutputClass(): Promise<OutputClass> {
  const mod = (await import(inkOutputUrl().href)) as { default: OutputClass };
  return mod.default;
}

/** Why the fast renderer would not reproduce this Ink's output stage, or null when it does. */
export function fastOutputMismatch(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['TLSTOP_INK_FAST_OUTPUT'] === '0') return 'turned off by TLSTOP_INK_FAST_OUTPUT=0';
  const version = installedInkVersion();
  if (version !== VERIFIED_INK_VERSION) return `Ink ${version} is not the checked Ink ${VERIFIED_INK_VERSION}`;
  const fingerprint = inkOutputFingerprint();
  if (fingerprint !== VERIFIED_OUTPUT_FINGERPRINT) {
    return `Ink's output.js differs from the checked one (sha256 ${fingerprint?.slice(0, 12) ?? 'unreadable'}, expected ${VERIFIED_OUTPUT_FINGERPRINT.slice(0, 12)})`;
  }
  for (const dependency of ['@alcalzone/ansi-tokenize', 'string-width']) {
    try {
      if (import.meta.resolve(dependency, inkOutputUrl().href) !== import.meta.resolve(dependency)) {
        return `Ink's output.js loads another copy of ${dependency} than the fast renderer`;
      }
    } catch {
      return `${dependency} cannot be resolved`;
    }
  }
  return null;
}

let original: OutputClass['prototype']['get'] | null = null;
let lastState: FastOutputState | null = null;

/** What `installFastOutput` did. */
export type FastOutputState = 'installed' | 'already installed' | `fallback: ${string}`;

/** Patch Ink's `Output#get` once per process, when the gate allows it. */
export async function installFastOutput(env: NodeJS.ProcessEnv = process.env): Promise<FastOutputState> {
  if (original) return 'already installed';
  const mismatch = fastOutputMismatch(env);
  if (mismatch) return (lastState = `fallback: ${mismatch}`);
  let Output: OutputClass;
  try {
    Output = await loadInkOutputClass();
  } catch (err) {
    return (lastState = `fallback: Ink's Output class cannot be loaded (${(err as Error).message})`);
  }
  if (original) return 'already installed';
  original = Output.prototype.get;
  const renderer = new FastOutputRenderer();
  Output.prototype.get = function get(this: OutputState) {
    return renderer.render(this);
  };
  return (lastState = 'installed');
}

/**
 * One line on the output stage: `fast output stage: active (Ink 8.0.0, output.js sha256 1a2b3c4d5e6f)`,
 * or `fast output stage: off, Ink's own in use (why)`. Before anything is installed (as in
 * `tlstop --version`) it says what the monitor would use.
 */
export function fastOutputStatus(env: NodeJS.ProcessEnv = process.env): string {
  const reason = original ? null : lastState?.startsWith('fallback: ') ? lastState.slice('fallback: '.length) : fastOutputMismatch(env);
  if (reason) return `fast output stage: off, Ink's own in use (${reason})`;
  return `fast output stage: active (Ink ${installedInkVersion()}, output.js sha256 ${VERIFIED_OUTPUT_FINGERPRINT.slice(0, 12)})`;
}

/** Whether the fast renderer draws Ink's frames in this process. */
export function fastOutputActive(): boolean {
  return original !== null;
}

/** Put Ink's own `Output#get` back (tests). */
export async function uninstallFastOutput(): Promise<void> {
  if (!original) return;
  const Output = await loadInkOutputClass();
  Output.prototype.get = original;
  original = null;
}
