/**
 * Child process for render-app.test.tsx: mounts the App through renderApp on a pipe,
 * then, as argv[2] says:
 * - `crash`: throws;
 * - `signal`: waits for a signal;
 * - `suspend`: waits for SIGTSTP / SIGCONT, then a signal (says `ready` once the handlers are in);
 * - `quit-slow-fps`: renders at maxFps 0.001, unmounts (what `q` does) and leaves the process to end by itself;
 * - `cleanup DIR`: adds an exit cleanup removing DIR, then waits for a signal;
 * - `cleanup-crash DIR`: adds it, then throws.
 */
import { rmSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { addExitCleanup } from '../../src/ui/exit-cleanup.js';
import { renderApp } from '../../src/ui/render-app.js';
import { makeProps } from './fixtures.js';

class QuietStdin extends EventEmitter {
  isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const mode = process.argv[2];
const dir = process.argv[3];
if ((mode === 'cleanup' || mode === 'cleanup-crash') && dir) addExitCleanup(() => rmSync(dir, { recursive: true, force: true }));
const { props } = makeProps();
// A pipe that says it is a terminal: Ink 8 takes the alternate screen and draws live frames only on one.
const stdout = Object.assign(process.stdout, { columns: 80, rows: 24, isTTY: true });
const app = renderApp(props, {
  stdout,
  stdin: new QuietStdin() as unknown as NodeJS.ReadStream,
  alternateScreen: true,
  ...(mode === 'quit-slow-fps' && { maxFps: 0.001 }),
});
process.stderr.write('ready\n');
if (mode === 'crash' || mode === 'cleanup-crash') {
  setTimeout(() => {
    throw new Error('boom from the child');
  }, 200);
} else if (mode === 'quit-slow-fps') {
  // The first frame armed Ink's frame-rate throttle (1000 / 0.001 ms); unmount as `q` does.
  setTimeout(() => {
    app.unmount();
    process.stderr.write('unmounted\n');
  }, 300);
} else {
  setInterval(() => {}, 1000);
}
