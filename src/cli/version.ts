/**
 * `tlstop --version`: tlstop's version, the Node.js that runs it (embedded, in the
 * standalone executable), and Ink's version with the state of tlstop's fast output stage,
 * found by the same call the monitor makes before its first frame.
 */
import { installFastOutput, type FastOutputState } from '../ui/ink/install-fast-output.js';
import { inkVersion, tlstopVersion } from '../runtime/package-files.js';

/** Whether this process is a single executable application (`node:sea`, Node 20.12+). */
async function runningAsSea(): Promise<boolean> {
  try {
    const sea = (await import('node:sea')) as { isSea(): boolean };
    return sea.isSea();
  } catch {
    return false;
  }
}

/** The fast output stage's state in words. */
export function fastOutputWords(state: FastOutputState): string {
  if (state === 'installed' || state === 'already installed') return 'fast output stage active';
  if (state === 'disabled') return "fast output stage off (TLSTOP_INK_FAST_OUTPUT=0): Ink's own output stage";
  if (state.startsWith('unverified ink ')) {
    return `fast output stage off (not checked against this Ink version): Ink's own output stage`;
  }
  return `fast output stage off (${state}): Ink's own output stage`;
}

/** The three lines `tlstop --version` prints. */
export async function versionText(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const sea = await runningAsSea();
  const node = `Node.js ${process.version} ${process.platform}-${process.arch}, ${sea ? 'embedded in this executable' : process.execPath}`;
  const ink = inkVersion();
  const fast = fastOutputWords(await installFastOutput(env));
  return [`tlstop ${tlstopVersion()}`, node, `Ink ${ink === '0' ? '(version unknown)' : ink}, ${fast}`, ''].join('\n');
}
