/**
 * A local npm registry on 127.0.0.1 serving the production dependencies of this checkout's
 * package-lock.json, so a test can `npm install` a packed tlstop the way a user does (npm's
 * own registry protocol: a packument per package, then each version's tarball) without the
 * network. Each version's tarball is made from the package as `npm ci` installed it under
 * node_modules/ (its nested node_modules left out), with its own integrity in the packument.
 * Only what the lockfile marks as not dev-only is served, so a runtime dependency missing
 * from `dependencies` fails the install here as it would for a user.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** The registry, running. */
export interface LocalNpmRegistry {
  /** Its URL, for `npm --registry`. */
  url: string;
  /** Packument requests answered, by package name. */
  served: Set<string>;
  stop(): Promise<void>;
}

interface LockEntry {
  version?: string;
  name?: string;
  dev?: boolean;
  link?: boolean;
}

/** The manifest fields npm reads from a packument's version (the rest of package.json is not needed to install). */
const MANIFEST_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bundleDependencies',
  'engines',
  'os',
  'cpu',
  'license',
] as const;

interface Version {
  dir: string;
  manifest: Record<string, unknown>;
  tarball?: Buffer;
}

/** The packages the lockfile installs for production, by name, then version, with their directories. */
function productionPackages(repo: string): Map<string, Map<string, Version>> {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = new Map<string, Map<string, Version>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true || entry.link === true || !entry.version) continue;
    const dir = join(repo, path);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const name = String(pkg['name']);
    const manifest: Record<string, unknown> = { name, version: entry.version };
    for (const field of MANIFEST_FIELDS) if (pkg[field] !== undefined) manifest[field] = pkg[field];
    // A registry serves `bin` as an object (npm normalises a string `bin` on publish).
    const bin = pkg['bin'];
    if (typeof bin === 'string') manifest['bin'] = { [name.replace(/^@[^/]+\//, '')]: bin };
    else if (bin !== undefined) manifest['bin'] = bin;
    const versions = packages.get(name) ?? new Map<string, Version>();
    versions.set(entry.version, { dir, manifest });
    packages.set(name, versions);
  }
  return packages;
}

/** A package directory as a registry tarball (`package/…`, gzip), without its nested node_modules. */
function tarball(dir: string): Buffer {
  const tar = spawnSync(
    'tar',
    ['-czf', '-', '--exclude=./node_modules', '--owner=0', '--group=0', '--transform=s,^\\.,package,', '-C', dir, '.'],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  if (tar.status !== 0) throw new Error(`tar of ${dir} failed: ${tar.stderr.toString()}`);
  return tar.stdout;
}

/** Start the registry for `repo` on 127.0.0.1 and a free port. */
export async function startLocalNpmRegistry(repo: string): Promise<LocalNpmRegistry> {
  const packages = productionPackages(repo);
  const served = new Set<string>();
  const tarballs = new Map<string, Version>();
  let base = '';

  const packument = (name: string, versions: Map<string, Version>) => {
    const entries: Record<string, unknown> = {};
    for (const [version, v] of versions) {
      v.tarball ??= tarball(v.dir);
      const file = `${name.replace('/', '__')}-${version}.tgz`;
      tarballs.set(file, v);
      const integrity = `sha512-${createHash('sha512').update(v.tarball).digest('base64')}`;
      entries[version] = { ...v.manifest, dist: { tarball: `${base}/-/tarballs/${file}`, integrity } };
    }
    const latest = [...versions.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
    return { name, 'dist-tags': { latest }, versions: entries };
  };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://registry').pathname);
    const send = (status: number, body: Buffer | string, type: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, '{"error":"method not allowed"}', 'application/json');
    if (path.startsWith('/-/tarballs/')) {
      const v = tarballs.get(path.slice('/-/tarballs/'.length));
      return v?.tarball ? send(200, v.tarball, 'application/octet-stream') : send(404, '{"error":"not found"}', 'application/json');
    }
    const name = path.slice(1);
    const versions = packages.get(name);
    if (!versions) return send(404, '{"error":"not found"}', 'application/json');
    served.add(name);
    try {
      send(200, JSON.stringify(packument(name, versions)), 'application/json');
    } catch (err) {
      send(500, JSON.stringify({ error: (err as Error).message }), 'application/json');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: `${base}/`,
    served,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
