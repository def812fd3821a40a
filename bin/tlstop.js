#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The oldest Node this package supports is the one its `engines` field names (">=X.Y.Z").
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const floor = (/\d+(\.\d+){0,2}/.exec(pkg.engines?.node ?? '')?.[0] ?? '0').split('.').map(Number);
const running = process.versions.node.split('.').map(Number);
const older = floor.findIndex((part, i) => (running[i] ?? 0) !== part);
if (older >= 0 && (running[older] ?? 0) < floor[older]) {
  process.stderr.write(`tlstop: needs Node.js ${floor.join('.')} or later; this is Node.js ${process.version}.\n`);
  process.exit(2);
}

// React's development build is several times slower; set before React is first loaded.
process.env.NODE_ENV ??= 'production';

const dist = new URL('../dist/cli/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('main.js', dist)))) {
  process.stderr.write('tlstop: dist/ is missing. Run `npm install` (or `npm run build`) in the package directory first.\n');
  process.exit(2);
}
// Before any library is loaded: their warnings and console output never reach the terminal.
const { holdLibraryOutput } = await import(new URL('library-output.js', dist).href);
holdLibraryOutput();
const { main } = await import(new URL('main.js', dist).href);
process.exitCode = await main(process.argv.slice(2));
