/**
 * The files tlstop reads at run time by their place in the package rather than by a name
 * the user gave: its own package.json (the version), the built-in themes
 * (`themes/*.json`), and Ink's package.json and the modules Ink does not export (its
 * `Output` class, its instance map), which sit beside Ink's entry point, with what the
 * fast output stage checks of them (a module's SHA-256, whether it imports the same copy
 * of a package as tlstop).
 *
 * This module is the one place that finds them. In the npm package it reads them from
 * disk beside the installed code. The standalone executable's build
 * (`scripts/exe/bundle.ts`) replaces this module with a generated one that holds them all
 * and has the same exports, so the executable reads none of them from disk (and never a
 * `node_modules` or a checkout it happens to sit in). test/exe/ checks that.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularTextFileSync } from '../fs/read-regular-file.js';

/** The directory holding the shipped `*.json` themes (found from this module, in src/ or dist/). */
function themesDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'themes');
    if (existsSync(join(candidate, 'dark.json'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/** tlstop's version from its package.json, or `unknown`. */
export function tlstopVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A built-in theme's text: where it comes from (for messages), and how to read it (throws on a bad file). */
export interface BuiltinThemeFile {
  source: string;
  read(maxBytes: number): string;
}

/** The built-in theme `name` (`dark`, …), or null when the themes are not there at all. */
export function builtinThemeFile(name: string): BuiltinThemeFile | null {
  const dir = themesDir();
  if (dir === null) return null;
  const path = join(dir, `${name}.json`);
  return { source: path, read: (maxBytes) => readRegularTextFileSync(path, maxBytes) };
}

/** Version of the Ink that `import 'ink'` loads (its package.json is not exported), or `0`. */
export function inkVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('ink')), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return pkg.name === 'ink' && pkg.version ? pkg.version : '0';
  } catch {
    return '0';
  }
}

/** URL of one of Ink's modules, by its path relative to Ink's entry point (`./output.js`). */
function inkModuleUrl(relative: string): URL {
  return new URL(relative, import.meta.resolve('ink'));
}

/**
 * One of Ink's own modules, by its path relative to Ink's entry point (`./output.js`). An
 * ES module is one instance per URL, so this is the module Ink itself uses.
 */
export async function importInkModule(relative: string): Promise<unknown> {
  return import(inkModuleUrl(relative).href);
}

/** SHA-256 (hex) of the file of one of Ink's modules (`./output.js`), or null when it cannot be read. */
export function inkModuleSha256(relative: string): string | null {
  try {
    return createHash('sha256')
      .update(readFileSync(inkModuleUrl(relative)))
      .digest('hex');
  } catch {
    return null;
  }
}

/**
 * Whether `specifier` (a package) imported from Ink's module `relative` is the very module
 * tlstop's own `import specifier` loads: true, false (another copy), or null when either
 * cannot be resolved.
 */
export function inkModuleSharesImport(relative: string, specifier: string): boolean | null {
  try {
    return import.meta.resolve(specifier, inkModuleUrl(relative).href) === import.meta.resolve(specifier);
  } catch {
    return null;
  }
}

/** How to start a parse thread: a script file (with the flags it needs) or, in the executable, its code. */
export type ParseThreadScript = { url: URL; execArgv: string[] } | { code: string };

/**
 * The parse thread's script, src/pipeline/parse-threads/parse-thread.ts as built beside
 * this module. Run from the TypeScript sources (`npm run dev`, the tests) the thread is
 * given the same TypeScript loader (tsx, a devDependency there).
 */
export function parseThreadScript(): ParseThreadScript {
  const built = new URL('../pipeline/parse-threads/parse-thread.js', import.meta.url);
  if (existsSync(built)) return { url: built, execArgv: [] };
  return { url: new URL('../pipeline/parse-threads/parse-thread.ts', import.meta.url), execArgv: ['--import', import.meta.resolve('tsx')] };
}
