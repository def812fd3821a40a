/**
 * `npm run build:exe`: the standalone executables, `dist/exe/tlstop-linux-x64` and
 * `dist/exe/tlstop-linux-arm64`, with `THIRD-PARTY-NOTICES.txt`, the bundle's source map
 * `tlstop.mjs.map` and `SHA256SUMS`.
 *
 * Each is a Node.js single executable application: the Node.js 26 binary of its
 * architecture (node-binaries.ts) with the bundle (bundle.ts) injected. Node 26's
 * `--build-sea` does the injection; the Node binary of this machine runs it for both
 * architectures (the config's `executable` names the binary to inject into), so this runs
 * on Linux x64 or arm64.
 *
 * Reproducible: the same tree gives the same bytes, in any directory, on either build
 * architecture. So there is no V8 code cache (`useCodeCache`): V8 writes a different cache
 * on every run (it depends on the random hash seed), and a cache made on x64 is rejected
 * on arm64 with a warning on stderr. BENCHMARKS.md has the start-up it would save.
 * `execArgvExtension: "none"`: NODE_OPTIONS is ignored, so a bastion's NODE_OPTIONS
 * (a `--require` of an agent, say) cannot change or break the executable.
 *
 * Options: `--out DIR` (default dist/exe), `--arch x64|arm64` (default both), `--no-fetch`
 * (fail instead of fetching a missing Node binary).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleTlstop, REPO, type BundledPackage } from './bundle.js';
import { ARCHES, fetchNodeBinaries, nodeBinary, nodeBinaryProblem, nodeDir, NODE_PINS, type Arch } from './node-binaries.js';

/** The name of the executable for `arch`. */
export const exeName = (arch: Arch): string => `tlstop-linux-${arch}`;
export const NOTICES = 'THIRD-PARTY-NOTICES.txt';
/** The bundle's source map: positions in the executable's stack traces back to src/ and node_modules/. */
export const SOURCE_MAP = 'tlstop.mjs.map';
export const SUMS = 'SHA256SUMS';

export interface BuildOptions {
  outDir: string;
  arches?: readonly Arch[];
  /** Fetch a missing Node binary (default true); false fails with what to run instead. */
  fetch?: boolean;
  /**
   * Add V8's code cache (default false). Not reproducible (another cache every build) and
   * only valid on the architecture that built it; bench/exe.bench.ts builds one to measure
   * the start-up it would save.
   */
  codeCache?: boolean;
  log?: (line: string) => void;
}

export interface BuiltFile {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface Built {
  outDir: string;
  /** The executables, by architecture. */
  executables: Partial<Record<Arch, BuiltFile>>;
  /** Every file written, in SHA256SUMS order. */
  files: BuiltFile[];
  bundleBytes: number;
  /** Optional peer dependencies left out of the bundle. */
  leftOut: string[];
}

/** The architecture whose Node binary runs `--build-sea` here. */
export function builderArch(): Arch {
  const arch = process.arch as Arch;
  if (process.platform !== 'linux' || !ARCHES.includes(arch)) {
    throw new Error(
      `build:exe runs on Linux x64 or arm64 (it runs the Node.js ${NODE_PINS.version} binary of this machine); this is ${process.platform}-${process.arch}`,
    );
  }
  return arch;
}

function licenseText(dir: string): string | null {
  const file = readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(f))
    .sort()[0];
  return file ? readFileSync(join(dir, file), 'utf8').trim() : null;
}

/** THIRD-PARTY-NOTICES.txt: Node.js's license, then each bundled package's. */
function notices(packages: BundledPackage[], nodeLicense: string): string {
  const tlstop = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version?: string };
  const parts = [
    `The tlstop ${tlstop.version} standalone executable holds the software below, under these licenses.`,
    '',
    `Node.js v${NODE_PINS.version} (the runtime; its license covers the libraries Node.js itself includes)`,
    '='.repeat(72),
    nodeLicense.trim(),
    '',
  ];
  for (const pkg of packages) {
    parts.push(`${pkg.name}@${pkg.version} (${pkg.license})`, '='.repeat(72));
    parts.push(licenseText(pkg.dir) ?? `The package ships no license file; its package.json gives the license as ${pkg.license}.`, '');
  }
  return parts.join('\n');
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Build the executables into `outDir` (its previous tlstop-linux-*, notices and sums are replaced). */
export async function buildExecutables(options: BuildOptions): Promise<Built> {
  const log = options.log ?? (() => undefined);
  const arches = options.arches ?? ARCHES;
  const builder = builderArch();
  const needed = [...new Set([builder, ...arches])];
  if (options.fetch !== false) await fetchNodeBinaries(needed, log);
  for (const arch of needed) {
    const problem = await nodeBinaryProblem(arch);
    if (problem) throw new Error(problem);
  }

  mkdirSync(options.outDir, { recursive: true });
  // Inside outDir, so the results are moved, not copied, into place.
  const staging = mkdtempSync(join(options.outDir, '.staging-'));
  try {
    log('bundling with esbuild ...');
    const bundle = await bundleTlstop();
    writeFileSync(join(staging, 'tlstop.mjs'), bundle.code);
    writeFileSync(join(staging, SOURCE_MAP), bundle.map);
    writeFileSync(join(staging, NOTICES), notices(bundle.packages, readFileSync(join(nodeDir(builder), 'LICENSE'), 'utf8')));
    for (const arch of arches) {
      log(`injecting into the Node.js ${NODE_PINS.version} binary for linux-${arch} ...`);
      // Relative paths from the staging directory: the blob records the main script's
      // path as given, so an absolute one would make the bytes depend on the directory.
      const config = {
        main: 'tlstop.mjs',
        mainFormat: 'module',
        executable: nodeBinary(arch),
        output: exeName(arch),
        disableExperimentalSEAWarning: true,
        useSnapshot: false,
        useCodeCache: options.codeCache === true,
        execArgvExtension: 'none',
      };
      writeFileSync(join(staging, `sea-${arch}.json`), JSON.stringify(config, null, 2));
      const result = spawnSync(nodeBinary(builder), ['--build-sea', `sea-${arch}.json`], {
        cwd: staging,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
      });
      if (result.status !== 0) {
        throw new Error(
          `node --build-sea for linux-${arch} failed (${result.error?.message ?? `status ${result.status}`}):\n${result.stdout}${result.stderr}`,
        );
      }
    }

    for (const name of [...ARCHES.map(exeName), NOTICES, SOURCE_MAP, SUMS]) rmSync(join(options.outDir, name), { force: true });
    const names = [...arches.map(exeName), NOTICES, SOURCE_MAP].sort();
    const files: BuiltFile[] = [];
    for (const name of names) {
      const path = join(options.outDir, name);
      renameSync(join(staging, name), path);
      if (name.startsWith('tlstop-linux-')) chmodSync(path, 0o755);
      files.push({ name, path, bytes: statSync(path).size, sha256: sha256(path) });
    }
    writeFileSync(join(options.outDir, SUMS), files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
    const executables: Built['executables'] = {};
    for (const arch of arches) executables[arch] = files.find((f) => f.name === exeName(arch));
    return { outDir: options.outDir, executables, files, bundleBytes: Buffer.byteLength(bundle.code), leftOut: bundle.leftOut };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, arch: { type: 'string', multiple: true }, 'no-fetch': { type: 'boolean' } },
  });
  const arches = (values.arch ?? [...ARCHES]) as Arch[];
  for (const arch of arches) if (!ARCHES.includes(arch)) throw new Error(`--arch ${arch}: one of ${ARCHES.join(', ')}`);
  const started = Date.now();
  const built = await buildExecutables({
    outDir: resolve(values.out ?? join(REPO, 'dist', 'exe')),
    arches,
    fetch: !values['no-fetch'],
    log: (line) => process.stderr.write(`build:exe: ${line}\n`),
  });
  for (const file of built.files) process.stdout.write(`${file.path}  ${(file.bytes / 1e6).toFixed(1)} MB  sha256 ${file.sha256}\n`);
  process.stdout.write(`${join(built.outDir, SUMS)}\n`);
  process.stderr.write(
    `build:exe: done in ${((Date.now() - started) / 1000).toFixed(1)} s (bundle ${(built.bundleBytes / 1e6).toFixed(1)} MB; left out: ${built.leftOut.join(', ') || 'nothing'})\n`,
  );
}
