/**
 * Child process for render-app.test.ts: mounts the App through renderApp on a pipe,
 * then crashes, or waits for a signal, as argv[2] says.
 */
import { EventEmitter } from 'node:events';
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
const { props } = makeProps();
const stdout = Object.assign(process.stdout, { columns: 80, rows: 24 });
renderApp(props, { stdout, stdin: new QuietStdin() as unknown as NodeJS.ReadStream, alternateScreen: true });
process.stderr.write('ready\n');
if (mode === 'crash') {
  setTimeout(() => {
    throw new Error('boom from the child');
  }, 200);
} else {
  setInterval(() => {}, 1000);
}
