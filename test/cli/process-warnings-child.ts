/**
 * Child for test/cli/process-warnings.test.ts: routes diagnostics, writes N messages, and
 * exits through process.exit without undoing the route (as a crash path would). Prints
 * the log's path (from the status board) when there is one. With `held` as the second
 * argument it first holds library output as the launcher does and prints one line before
 * the route is set.
 */
import { holdLibraryOutput } from '../../src/cli/library-output.js';
import { routeDiagnosticsToFile } from '../../src/cli/process-warnings.js';
import { StatusBoard } from '../../src/pipeline/status-board.js';

if (process.argv[3] === 'held') {
  holdLibraryOutput();
  console.warn('said before the monitor started');
}
const statuses = new StatusBoard();
routeDiagnosticsToFile(statuses);
const n = Number(process.argv[2] ?? '0');
for (let i = 0; i < n; i++) console.log('message %d', i);
const message = statuses.getSnapshot().find((s) => s.id === 'diagnostics')?.message ?? '';
const path = / in (\/.+)$/.exec(message)?.[1];
if (path) process.stdout.write(`${path}\n`);
process.exit(0);
