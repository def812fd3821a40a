/**
 * Bundles tlstop (scripts/exe/entry.ts and everything it imports, from src/ and
 * node_modules/) into one ES module for the standalone executable, with esbuild.
 *
 * What a plain bundle would still read from disk at run time, and how this build closes
 * each (nothing here names a file of Ink's or of any other package):
 *
 * - **Files found by their place in the package** (tlstop's package.json, themes/*.json,
 *   Ink's package.json and its unexported modules). They are all reached through
 *   src/runtime/package-files.ts, which this build replaces with a generated module of the
 *   same exports that holds them: the version strings, the text of every themes/*.json,
 *   and every module of the installed Ink that its entry point reaches, as a lazy
 *   `import()` that esbuild bundles, so `importInkModule('./output.js')` gives the very
 *   module Ink's renderer imports; with each such module's SHA-256 (of the file bundled)
 *   and, for each package it imports, whether that is the copy tlstop's own import of it
 *   resolves to (in a bundle, one module per file), which the fast output stage's gate
 *   checks as it does on disk.
 * - **`require()`** of CommonJS code in ES output: esbuild's shim calls a `require` in
 *   scope. The banner's `require` returns Node's built-in modules and refuses anything
 *   else, so no bundled package can load a module from a `node_modules` near the
 *   executable. (Inside a single executable application Node's own `require` is limited
 *   to built-ins too.)
 * - **Optional peer dependencies that are not installed** (Ink's `react-devtools-core`,
 *   ws's `bufferutil`): they become a module that throws "cannot find" when it is loaded,
 *   which the packages already handle, as they do when npm leaves them out.
 *
 * Anything else left unbundled (a non-built-in import esbuild could not resolve) fails
 * the build. React's development build is dropped (`process.env.NODE_ENV` is
 * "production", as bin/tlstop.js sets it).
 *
 * Start-up: V8 compiles the whole main script before anything runs, so what the bundle
 * holds as code is paid by every command, `--help` too. The bundle is minified, and the
 * CommonJS files of node_modules (the AWS SDK: most of the bytes) are held as source and
 * compiled when first required (lazyCommonJsPlugin). Measured in the same run: --help from
 * about 170 to 105 ms (BENCHMARKS.md).
 */
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '../..');
/** The module the build replaces with the files it embeds. */
const PACKAGE_FILES = join(REPO, 'src', 'runtime', 'package-files.ts');
const MISSING = 'tlstop-missing-optional';

/** A bundled package, for the notices. */
export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  dir: string;
}

/** The bundle and what went into it. */
export interface Bundle {
  code: string;
  /** Its source map (for reading the executable's stack traces; not inside it). */
  map: string;
  /** The packages from node_modules in the bundle, by name. */
  packages: BundledPackage[];
  /** Optional peer dependencies left out (each a module that throws when loaded). */
  leftOut: string[];
}

const posix = (path: string) => path.split(sep).join('/');

/** The nearest directory at or above `from` with a package.json that has a name. */
function packageRoot(from: string): { dir: string; json: Record<string, unknown> } | null {
  let dir = from;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (typeof json['name'] === 'string') return { dir, json };
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * For each package an Ink module imports (`{ "build/output.js": { "string-width": true } }`):
 * whether it resolves to the file tlstop's own import of it resolves to (null: either does not
 * resolve).
 */
export type InkImports = Record<string, Record<string, boolean | null>>;

/**
 * The source of the module that stands in for src/runtime/package-files.ts in the
 * executable. `inkModules` are Ink's modules (paths relative to its package directory,
 * posix): those reachable from its entry point, i.e. the Ink that runs; `inkImports` says
 * which copies of packages they import.
 */
export function embeddedPackageFilesSource(
  inkEntry: string,
  inkModules: readonly string[],
  inkImports: InkImports,
  parseThreadCode: string,
): string {
  const tlstop = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version?: string };
  const themesDir = join(REPO, 'themes');
  const themes: Record<string, string> = {};
  for (const name of readdirSync(themesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    themes[name.slice(0, -'.json'.length)] = readFileSync(join(themesDir, name), 'utf8');
  }
  const ink = packageRoot(dirname(inkEntry));
  if (!ink || ink.json['name'] !== 'ink') throw new Error(`no package.json of Ink above ${inkEntry}`);
  const modules = inkModules.map((file) => `  ${JSON.stringify(file)}: () => import(${JSON.stringify(join(ink.dir, file))}),`).join('\n');
  const sha256 = Object.fromEntries(
    inkModules.map((file) => [
      file,
      createHash('sha256')
        .update(readFileSync(join(ink.dir, file)))
        .digest('hex'),
    ]),
  );
  const imports = Object.fromEntries(inkModules.map((file) => [file, inkImports[file] ?? {}]));
  return `// Generated by scripts/exe/bundle.ts: src/runtime/package-files.ts with the files embedded.
const TLSTOP_VERSION = ${JSON.stringify(tlstop.version ?? 'unknown')};
const THEMES = ${JSON.stringify(themes)};
const INK_VERSION = ${JSON.stringify(String(ink.json['version'] ?? '0'))};
const INK_ENTRY = ${JSON.stringify(posix(relative(ink.dir, inkEntry)))};
const INK_MODULES = {
${modules}
};
const INK_SHA256 = ${JSON.stringify(sha256)};
const INK_IMPORTS = ${JSON.stringify(imports)};
const PARSE_THREAD_CODE = ${JSON.stringify(parseThreadCode)};
const inkKey = (relative) => new URL(relative, 'file:///ink/' + INK_ENTRY).pathname.slice('/ink/'.length);
export function tlstopVersion() {
  return TLSTOP_VERSION;
}
export function builtinThemeFile(name) {
  const source = \`themes/\${name}.json (embedded in the executable)\`;
  const text = Object.hasOwn(THEMES, name) ? THEMES[name] : undefined;
  return {
    source,
    read() {
      if (text === undefined) throw new Error('not in this executable');
      return text;
    },
  };
}
export function inkVersion() {
  return INK_VERSION;
}
export async function importInkModule(relative) {
  const key = inkKey(relative);
  const load = Object.hasOwn(INK_MODULES, key) ? INK_MODULES[key] : undefined;
  if (load === undefined) throw new Error(\`Ink's \${key} is not in this executable\`);
  return load();
}
export function inkModuleSha256(relative) {
  const key = inkKey(relative);
  return Object.hasOwn(INK_SHA256, key) ? INK_SHA256[key] : null;
}
export function inkModuleSharesImport(relative, specifier) {
  const key = inkKey(relative);
  const imports = Object.hasOwn(INK_IMPORTS, key) ? INK_IMPORTS[key] : {};
  return Object.hasOwn(imports, specifier) ? imports[specifier] : null;
}
export function parseThreadScript() {
  return { code: PARSE_THREAD_CODE };
}
`;
}

/**
 * A `require` for the ES bundle's CommonJS parts: Node's built-ins, nothing from disk; and
 * the runner of the CommonJS files kept as source until first required (lazyCommonJsPlugin).
 */
const BANNER = `import { isBuiltin as __tlstopIsBuiltin } from 'node:module';
import { compileFunction as __tlstopCompileFunction } from 'node:vm';
const require = (id) => {
  if (__tlstopIsBuiltin(id)) return process.getBuiltinModule(id);
  throw Object.assign(new Error(\`Cannot find module '\${id}': the tlstop executable loads no modules from disk\`), { code: 'MODULE_NOT_FOUND' });
};
const __tlstopLazyCommonJs = (source, filename, dependencies, exports, module) => {
  const body = __tlstopCompileFunction(source, ['exports', 'require', 'module'], { filename });
  const need = (id) => (Object.hasOwn(dependencies, id) ? dependencies[id]() : require(id));
  body.call(exports, exports, need, module);
};`;

/** `require("literal")`. */
const REQUIRE_CALL = /\brequire\(\s*(['"])([^'"\\\n]+)\1\s*\)/g;
/** Smaller CommonJS files are compiled with the bundle: keeping them as source saves little. */
const LAZY_MIN_BYTES = 4096;

/**
 * Whether esbuild's view of a CommonJS file can be replaced by its source and the literal
 * `require`s in it: no ES syntax, no `import()` or `import.meta`, `require` only ever called
 * with a literal, and nothing esbuild rewrites (`process.env.NODE_ENV`, which `define`
 * replaces, `__dirname`, `__filename`).
 */
function plainCommonJs(source: string, path: string): boolean {
  if (source.length < LAZY_MIN_BYTES) return false;
  if (path.endsWith('.js') && packageRoot(dirname(path))?.json['type'] === 'module') return false;
  if (/^\s*(import\s*[\w{*'"]|export\s)/m.test(source) || /\bimport\s*(\(|\.\s*meta)/.test(source)) return false;
  if (/process\.env\.NODE_ENV|\b__dirname\b|\b__filename\b/.test(source)) return false;
  if (!/\bmodule\.exports\b|\bexports\.|\bexports\[|Object\.defineProperty\(\s*exports\b/.test(source)) return false;
  const requires = source.match(/\brequire\b/g)?.length ?? 0;
  return requires === [...source.matchAll(REQUIRE_CALL)].length;
}

/**
 * CommonJS files of node_modules compiled when they are first required, not when the
 * executable starts. V8 parses every function of the script it starts with, and the AWS SDK
 * alone is half the bundle: every command would pay for it, those that never call AWS too.
 * Such a file becomes a module holding its (minified) source as a string and, for each
 * literal `require` in it that esbuild resolves, a function that esbuild bundles; on the
 * first require the banner compiles the source with `vm.compileFunction` and runs it with the
 * usual `exports`, `require` and `module`. Other files are bundled as they are.
 */
function lazyCommonJsPlugin(): esbuild.Plugin {
  return {
    name: 'tlstop-lazy-commonjs',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
        const original = await readFile(args.path, 'utf8');
        if (!plainCommonJs(original, args.path)) return undefined;
        // A `require` esbuild cannot resolve (an optional dependency, in a try block) is left
        // to the banner's `require`, which throws "cannot find" as Node would.
        const specs: string[] = [];
        for (const spec of new Set([...original.matchAll(REQUIRE_CALL)].map((m) => m[2]!))) {
          const found = await build.resolve(spec, { kind: 'require-call', importer: args.path, resolveDir: dirname(args.path) });
          if (found.errors.length === 0) specs.push(spec);
        }
        const source = (
          await esbuild.transform(original, { loader: 'js', format: 'cjs', target: 'node26', minify: true, legalComments: 'none' })
        ).code;
        const dependencies = specs.map((spec) => `  ${JSON.stringify(spec)}: () => require(${JSON.stringify(spec)}),`).join('\n');
        return {
          contents: `__tlstopLazyCommonJs(${JSON.stringify(source)}, ${JSON.stringify(posix(relative(REPO, args.path)))}, {\n${dependencies}\n}, exports, module);\n`,
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** Options every esbuild pass shares. */
function baseOptions(leftOut: Set<string>): esbuild.BuildOptions {
  return {
    absWorkingDir: REPO,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node26',
    // The package.json "exports" conditions Node.js 26 resolves with: esbuild's own for
    // platform node (node, import or require, default) and module-sync, without esbuild's
    // default "module", so the bundle holds the files Node itself loads (the AWS SDK's
    // CommonJS builds, where "module" would pick its ES builds).
    conditions: ['module-sync'],
    tsconfig: join(REPO, 'tsconfig.build.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [missingOptionalPeersPlugin(leftOut)],
  };
}

/**
 * The stand-in for src/runtime/package-files.ts, for the Ink that `import 'ink'` from it
 * resolves to: its entry point and the modules that entry reaches (what a bundle of Ink
 * holds), found by bundling Ink alone.
 */
export async function embeddedPackageFiles(leftOut: Set<string> = new Set()): Promise<string> {
  const base = baseOptions(leftOut);
  const shared = new Map<string, Record<string, boolean | null>>();
  const result = await esbuild.build({
    ...base,
    plugins: [sharedImportsPlugin(shared), ...(base.plugins ?? [])],
    stdin: { contents: "import 'ink';", resolveDir: dirname(PACKAGE_FILES), sourcefile: 'ink-entry.js', loader: 'js' },
    outfile: join(REPO, 'ink.mjs'),
  });
  const inputs = result.metafile?.inputs ?? {};
  const resolved = Object.values(inputs)
    .flatMap((input) => input.imports)
    .find((i) => i.original === 'ink');
  if (!resolved) throw new Error('cannot resolve ink from src/runtime/');
  const entry = join(REPO, resolved.path);
  const inkDir = packageRoot(dirname(entry))?.dir;
  if (!inkDir) throw new Error(`no package.json above ${entry}`);
  const modules = Object.keys(inputs)
    .map((input) => join(REPO, input))
    .filter((path) => path.startsWith(inkDir + sep) && !relative(inkDir, path).split(sep).includes('node_modules'))
    .map((path) => posix(relative(inkDir, path)))
    .sort();
  const inkImports: InkImports = {};
  for (const [importer, specifiers] of shared) {
    if (importer.startsWith(inkDir + sep)) inkImports[posix(relative(inkDir, importer))] = specifiers;
  }
  return embeddedPackageFilesSource(entry, modules, inkImports, await parseThreadCode(leftOut));
}

/**
 * The parse thread (src/pipeline/parse-threads/parse-thread.ts) as one CommonJS script: the
 * executable starts it from this text (a Worker with `eval: true`), there being no file of it
 * on disk. It needs only Node's built-ins and tlstop's parsers.
 */
async function parseThreadCode(leftOut: Set<string>): Promise<string> {
  const result = await esbuild.build({
    ...baseOptions(leftOut),
    entryPoints: [join(REPO, 'src', 'pipeline', 'parse-threads', 'parse-thread.ts')],
    outfile: join(REPO, 'parse-thread.cjs'),
    format: 'cjs',
    minify: true,
  });
  const code = result.outputFiles?.[0]?.text;
  if (code === undefined) throw new Error('esbuild wrote no parse thread');
  const unbundled = Object.values(result.metafile?.outputs ?? {}).flatMap((o) =>
    o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path),
  );
  if (unbundled.length > 0) throw new Error(`imports left out of the parse thread: ${unbundled.join(', ')}`);
  return code;
}

/**
 * Records, for every package import in the build (by importer's path), whether it resolves
 * to the file that the same import from src/runtime/ (tlstop's own) resolves to. Resolves
 * nothing itself: the other plugins and esbuild do.
 */
function sharedImportsPlugin(shared: Map<string, Record<string, boolean | null>>): esbuild.Plugin {
  const ASKED = 'tlstop-shared-imports';
  return {
    name: ASKED,
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        // (Not for the resolves the plugins ask for themselves, this one's or the missing peers'.)
        if (args.pluginData === ASKED || args.pluginData === MISSING || isBuiltin(args.path) || !args.importer) return undefined;
        const [fromImporter, fromTlstop] = await Promise.all([
          build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: ASKED }),
          build.resolve(args.path, { kind: args.kind, importer: PACKAGE_FILES, resolveDir: dirname(PACKAGE_FILES), pluginData: ASKED }),
        ]);
        const same =
          fromImporter.errors.length > 0 || fromTlstop.errors.length > 0
            ? null
            : fromImporter.namespace === fromTlstop.namespace && fromImporter.path === fromTlstop.path;
        const specifiers = shared.get(args.importer) ?? {};
        specifiers[args.path] = same;
        shared.set(args.importer, specifiers);
        return undefined;
      });
    },
  };
}

function embedPlugin(leftOut: Set<string>): esbuild.Plugin {
  return {
    name: 'tlstop-embed-package-files',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]package-files\.ts$/ }, async (args) => {
        if (args.path !== PACKAGE_FILES) return undefined;
        return { contents: await embeddedPackageFiles(leftOut), loader: 'js', resolveDir: dirname(PACKAGE_FILES) };
      });
    },
  };
}

function missingOptionalPeersPlugin(leftOut: Set<string>): esbuild.Plugin {
  return {
    name: 'tlstop-missing-optional-peers',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === MISSING || isBuiltin(args.path) || !args.importer) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: MISSING,
        });
        if (found.errors.length === 0) return found;
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : (args.path.split('/')[0] ?? args.path);
        const importer = packageRoot(dirname(args.importer));
        const meta = importer?.json['peerDependenciesMeta'] as Record<string, { optional?: boolean }> | undefined;
        if (!importer || meta?.[name]?.optional !== true) return undefined;
        leftOut.add(`${name} (optional peer of ${String(importer.json['name'])})`);
        return { path: args.path, namespace: MISSING, pluginData: String(importer.json['name']) };
      });
      build.onLoad({ filter: /.*/, namespace: MISSING }, (args) => ({
        contents: `throw Object.assign(new Error(${JSON.stringify(
          `Cannot find package '${args.path}': an optional peer dependency of ${String(args.pluginData)}, not in the tlstop executable`,
        )}), { code: 'ERR_MODULE_NOT_FOUND' });`,
        loader: 'js',
      }));
    },
  };
}

/** Bundle tlstop for the executable. Deterministic: the same tree gives the same bytes, wherever it is. */
export async function bundleTlstop(): Promise<Bundle> {
  const leftOut = new Set<string>();
  const base = baseOptions(leftOut);
  const result = await esbuild.build({
    ...base,
    metafile: true,
    write: false,
    entryPoints: [join(REPO, 'scripts', 'exe', 'entry.ts')],
    outfile: join(REPO, 'tlstop.mjs'),
    banner: { js: BANNER },
    // V8 compiles the whole bundle at start: minified, it starts about 20% sooner. Names
    // are minified too (nothing in tlstop or its dependencies decides by a function's name);
    // tlstop.mjs.map beside the executables maps a stack trace back.
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    plugins: [embedPlugin(leftOut), ...(base.plugins ?? []), lazyCommonJsPlugin()],
  });
  const warnings = result.warnings.map((w) => w.text);
  if (warnings.length > 0) throw new Error(`esbuild warned:\n${warnings.join('\n')}`);
  const outputs = Object.values(result.metafile.outputs);
  const unbundled = outputs.flatMap((o) => o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path));
  if (unbundled.length > 0) throw new Error(`imports left out of the bundle: ${[...new Set(unbundled)].join(', ')}`);
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text;
  if (code === undefined || map === undefined) throw new Error('esbuild wrote no bundle or no source map');

  const packages = new Map<string, BundledPackage>();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (!input.startsWith('node_modules/')) continue;
    const root = packageRoot(dirname(join(REPO, input)));
    if (!root) continue;
    const name = String(root.json['name']);
    if (packages.has(`${name}@${String(root.json['version'])}`)) continue;
    packages.set(`${name}@${String(root.json['version'])}`, {
      name,
      version: String(root.json['version'] ?? ''),
      license: typeof root.json['license'] === 'string' ? root.json['license'] : 'see its license file',
      dir: root.dir,
    });
  }
  return {
    code,
    map,
    packages: [...packages.values()].sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1)),
    leftOut: [...leftOut].sort(),
  };
}
