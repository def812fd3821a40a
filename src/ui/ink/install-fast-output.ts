/**
 * Puts `FastOutputRenderer` in place of Ink's `Output#get`. Ink does not export its
 * `Output` class, so it is loaded from the file beside Ink's entry point
 * (`runtime/package-files.ts`, which the standalone executable replaces with the modules it
 * holds): an ES module is one instance per URL, so this is the class Ink's renderer uses.
 * Only the Ink versions whose `Output` was checked against the fast renderer are patched
 * (the project pins one); any other version, or `TLSTOP_INK_FAST_OUTPUT=0`, keeps Ink's own.
 */
import { importInkModule, inkVersion } from '../../runtime/package-files.js';
import { FastOutputRenderer, type OutputState } from './fast-output.js';

/** Ink versions whose `Output#get` the fast renderer reproduces. */
const VERIFIED = /^6\.8\.\d+$/;

interface OutputClass {
  prototype: { get(this: OutputState): { output: string; height: number } };
}

/** Version of the Ink that `import 'ink'` loads (its package.json is not exported). */
export function installedInkVersion(): string {
  return inkVersion();
}

/** Ink's own `Output` class, as its renderer uses it. */
export async function loadInkOutputClass(): Promise<OutputClass> {
  const mod = (await importInkModule('./output.js')) as { default: OutputClass };
  return mod.default;
}

let original: OutputClass['prototype']['get'] | null = null;

/** What `installFastOutput` did. */
export type FastOutputState = 'installed' | 'already installed' | 'disabled' | `unverified ink ${string}` | `failed: ${string}`;

/** Patch Ink's `Output#get` once per process. */
export async function installFastOutput(env: NodeJS.ProcessEnv = process.env): Promise<FastOutputState> {
  if (env['TLSTOP_INK_FAST_OUTPUT'] === '0') return 'disabled';
  if (original) return 'already installed';
  const version = installedInkVersion();
  if (!VERIFIED.test(version)) return `unverified ink ${version}`;
  let Output: OutputClass;
  try {
    Output = await loadInkOutputClass();
  } catch (err) {
    return `failed: ${(err as Error).message}`;
  }
  if (original) return 'already installed';
  original = Output.prototype.get;
  const renderer = new FastOutputRenderer();
  Output.prototype.get = function get(this: OutputState) {
    return renderer.render(this);
  };
  return 'installed';
}

/** Put Ink's own `Output#get` back (tests). */
export async function uninstallFastOutput(): Promise<void> {
  if (!original) return;
  const Output = await loadInkOutputClass();
  Output.prototype.get = original;
  original = null;
}
