/**
 * `tlstop --version`: tlstop's version, the Node.js that runs it (and that it is the one
 * embedded, in the standalone executable), Ink's version, and the state of tlstop's fast
 * output stage: what the monitor would draw with, from the same gate, without loading Ink.
 */
import { isSea } from 'node:sea';
import { inkVersion, tlstopVersion } from '../runtime/package-files.js';
import { fastOutputStatus } from '../ui/ink/install-fast-output.js';

/** The four lines `tlstop --version` prints. */
export function versionText(env: NodeJS.ProcessEnv = process.env): string {
  const node = `node ${process.version} ${process.platform}-${process.arch}${isSea() ? ', embedded in this executable' : ''}`;
  return [`tlstop ${tlstopVersion()}`, node, `ink ${inkVersion()}`, fastOutputStatus(env), ''].join('\n');
}
