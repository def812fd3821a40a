/**
 * While the TUI owns the terminal, nothing else may write to it: process warnings (the
 * AWS SDK's NodeVersionSupportWarning on Node 20, for example) and stray console output
 * from libraries go to a log file instead, and the status board says where.
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { StatusBoard } from '../pipeline/status-board.js';

/** Route warnings and console output to a log file; returns a function that undoes it. */
export function routeDiagnosticsToFile(statuses: StatusBoard, path = join(tmpdir(), `tlstop-${process.pid}.log`)): () => void {
  let count = 0;
  const write = (kind: string, text: string) => {
    count++;
    try {
      appendFileSync(path, `${new Date().toISOString()} ${kind} ${text}\n`);
    } catch {
      // nowhere left to write; drop it rather than corrupt the screen
    }
    statuses.set({ id: 'diagnostics', label: 'diagnostics', state: 'connected', note: true, message: `${count} diagnostic message${count === 1 ? '' : 's'} in ${path}` });
  };
  const previousWarningListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => write('warning', `${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  for (const key of Object.keys(saved) as Array<keyof typeof saved>) {
    console[key] = (...args: unknown[]) => write(`console.${key}`, format(...args));
  }
  return () => {
    process.off('warning', onWarning);
    for (const listener of previousWarningListeners) process.on('warning', listener as (w: Error) => void);
    Object.assign(console, saved);
  };
}
