// Loaded into the tlstop binary with `--import` by clean-output.test.ts: behaves like a
// library that warns while the command runs (right after its first write to stdout or
// stderr, through the stream or straight to the descriptor, as tlstop's output guard
// writes) and again as the process winds down: process warnings of several kinds (as the
// AWS SDK's NodeVersionSupportWarning is), a real Node deprecation (`punycode`), and
// console output on both streams.
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

let started = false;
function makeNoise(when) {
  process.emitWarning(`the SDK says hello (${when})`, 'NodeVersionSupportWarning');
  process.emitWarning(`an experimental feature (${when})`, 'ExperimentalWarning');
  process.emitWarning(`a deprecated API (${when})`, { type: 'DeprecationWarning', code: 'DEP9999' });
  console.warn(`library console.warn (${when})`);
  console.error(`library console.error (${when})`);
  console.log(`library console.log (${when})`);
  console.info(`library console.info (${when})`);
}

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write;
  stream.write = function (...args) {
    if (!started) process.nextTick(makeNoise, 'while running');
    started = true;
    return write.apply(this, args);
  };
}
const writeSync = fs.writeSync;
fs.writeSync = function (fd, ...rest) {
  if (!started && (fd === 1 || fd === 2)) {
    process.nextTick(makeNoise, 'while running');
    started = true;
  }
  return writeSync.call(this, fd, ...rest);
};
// `import { writeSync } from 'node:fs'` in tlstop sees the wrapper too.
syncBuiltinESMExports();
process.once('beforeExit', () => {
  makeNoise('before exit');
  createRequire(import.meta.url)('punycode');
});
