/**
 * `tlstop --version`: tlstop's version, the Node.js that runs it (and that it is the one
 * embedded, in the standalone executable), Ink's version, and the state of tlstop's fast
 * output stage and of its terminal writer: what the monitor would draw with, from the same
 * gates, without loading Ink.
 */
import { isSea } from 'node:sea';
import { inkVersion, tlstopVersion } from '../runtime/package-files.js';
import { cellDiffStatus } from '../ui/ink/install-cell-diff.js';
import { fastOutputStatus } from '../ui/ink/install-fast-output.js';

/** The five lines `tlstop --version` prints. */
export function versionText(env: NodeJS.ProcessEnv = process.env): string {
  const node = `node ${process.version} ${process.platform}-${process.arch}${isSea() ? ', embedded in this executable' : ''}`;
  return [`tlstop ${tlstopVersion()}`, node, `ink ${inkVersion()}`, fastOutputStatus(env), cellDiffStatus(env), ''].join('\n');
}
