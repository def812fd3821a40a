/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line,
 * e.g. `npm run bench -- ingest`) and writes BENCHMARKS.md with the machine and the date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchSection } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

// Benchmarks measure the compiled package users run (dist/), not tsx's transpiled modules.
process.env.NODE_ENV ??= 'production';
process.stderr.write('bench: building dist/ ...\n');
execFileSync(
  process.execPath,
  [join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, '..', 'tsconfig.build.json')],
  { stdio: 'inherit' },
);

const sections: BenchSection[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${basename(file)} ...\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: BenchModule };
  const started = Date.now();
  const section = await mod.default();
  process.stderr.write(`bench: ${basename(file)} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  sections.push(section);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${osType()} ${release()}, Node.js ${process.version}`;
const today = new Date().toISOString().slice(0, 10);
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\`; last run on ${today}.`,
  '',
  // A partial run keeps the other sections, measured another day, maybe on another machine.
  'Each section names the machine and the date it was measured on; every number in it was measured in the same run as its baseline.',
  '',
].join('\n');
/** The first line of a section written by this run. */
const measuredOn = `Measured on ${today}: ${machine}.`;
const out = join(here, '..', 'BENCHMARKS.md');
// A partial run (`npm run bench -- ingest`) replaces only its own sections and keeps the others.
const kept = new Map<string, string>();
if (wanted.length > 0 && existsSync(out)) {
  for (const part of readFileSync(out, 'utf8').split(/^## /m).slice(1)) {
    const title = part.slice(0, part.indexOf('\n')).trim();
    kept.set(title, part.slice(part.indexOf('\n') + 1).trim());
  }
}
for (const section of sections) kept.set(section.title, `${measuredOn}\n\n${section.markdown.trim()}`);
if (wanted.length === 0) for (const title of [...kept.keys()]) if (!sections.some((s) => s.title === title)) kept.delete(title);
const body = [...kept.entries()].map(([title, markdown]) => `## ${title}\n\n${markdown}\n`).join('\n');
writeFileSync(out, `${header}\n${body}`);
process.stderr.write(`bench: wrote ${out}\n`);
process.stdout.write(`${header}\n${body}`);
