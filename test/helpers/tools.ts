/**
 * External programs some tests need (moto_server, the AWS CLI, tmux, npm, rsvg-convert, strace,
 * qemu-user, the Node.js binaries the standalone executables embed), and the
 * one way a test skips when one is missing: `describeWithTool` / `itWithTool`. A missing
 * tool is reported as skipped with its reason, in the test's name (`[skipped: …]`, shown by
 * the verbose reporter and kept in the JSON report) and in one `SKIP: <reason>` line
 * on stderr per test file and tool (every reporter shows it, under the file's name); an
 * installed tool adds nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it, type TestFunction } from 'vitest';
import { FETCH_COMMAND, nodeBinary, NODE_PINS } from '../../scripts/exe/node-binaries.js';

/** The arm64 C and C++ runtime qemu-user runs arm64 binaries with (`qemu-aarch64 -L`). */
export const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

/**
 * How each tool is probed and how to get it: `command` (default: the tool's name) is run
 * with `probe`, when given, and every one of `files` must exist.
 */
interface ToolSpec {
  command?: string;
  probe?: readonly string[];
  files?: readonly string[];
  install: string;
  what: string;
}
const TOOLS = {
  moto_server: { probe: ['--help'], install: 'pip install "moto[server]"', what: 'moto_server (the AWS API emulator)' },
  aws: { probe: ['--version'], install: 'pip install awscli', what: 'the AWS CLI (`aws`)' },
  tmux: { probe: ['-V'], install: 'apt-get install tmux', what: 'tmux' },
  npm: { probe: ['--version'], install: "it comes with Node.js: the distribution's npm package", what: 'npm' },
  'rsvg-convert': { probe: ['--version'], install: 'apt-get install librsvg2-bin', what: 'rsvg-convert' },
  strace: { probe: ['-V'], install: 'apt-get install strace', what: 'strace' },
  'qemu-aarch64': {
    probe: ['-version'],
    files: ['ld-linux-aarch64.so.1', 'libc.so.6', 'libstdc++.so.6', 'libatomic.so.1'].map((f) => `${ARM64_SYSROOT}/lib/${f}`),
    install: 'apt-get install qemu-user libc6-arm64-cross libstdc++6-arm64-cross libatomic1-arm64-cross',
    what: 'qemu-user with the arm64 C and C++ libraries',
  },
  'node26-linux-x64': {
    command: nodeBinary('x64'),
    probe: ['--version'],
    install: FETCH_COMMAND,
    what: `the Node.js ${NODE_PINS.version} binary for linux-x64 (fetched for the executables, not installed)`,
  },
  'node26-linux-arm64': {
    files: [nodeBinary('arm64')],
    install: FETCH_COMMAND,
    what: `the Node.js ${NODE_PINS.version} binary for linux-arm64 (fetched for the executables, not installed)`,
  },
} satisfies Record<string, ToolSpec>;

/** A program a test can need. */
export type ToolName = keyof typeof TOOLS;

/** Whether a tool runs here and, when it does not, why (`reason` is '' when available). */
export interface Tool {
  name: ToolName;
  available: boolean;
  reason: string;
}

const probed = new Map<ToolName, Tool>();
const warned = new Set<ToolName>();

/** Probes `name` once per test file (runs it with a harmless argument). */
export function tool(name: ToolName): Tool {
  let found = probed.get(name);
  if (!found) {
    const { command = name, probe, files = [], install, what }: ToolSpec = TOOLS[name];
    const run = probe ? spawnSync(command, [...probe], { stdio: 'ignore', timeout: 20_000 }) : null;
    const missing = (run?.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || files.some((f) => !existsSync(f));
    const reason = missing
      ? `${what} is not installed (${install})`
      : run === null || run.status === 0
        ? ''
        : `${what} does not run: \`${command} ${probe?.join(' ')}\` ${run.error ? `failed (${run.error.message})` : `exited with status ${run.status ?? run.signal}`}`;
    found = { name, available: reason === '', reason };
    probed.set(name, found);
  }
  return found;
}

/** The tools of `names` that are missing, each named once on stderr for this test file. */
function missing(names: ToolName[]): Tool[] {
  const absent = names.map(tool).filter((t) => !t.available);
  for (const t of absent) {
    if (warned.has(t.name)) continue;
    warned.add(t.name);
    console.warn(`SKIP: ${t.reason}`);
  }
  return absent;
}

/** `title`, plus why it is skipped when a tool is missing. */
function titled(title: string, absent: Tool[]): string {
  return absent.length === 0 ? title : `${title} [skipped: ${absent.map((t) => t.reason).join('; ')}]`;
}

/** A `describe` block that runs only when every tool of `needs` is available; otherwise all its tests skip, saying why. */
export function describeWithTool(needs: ToolName | ToolName[], title: string, body: () => void): void {
  const absent = missing(typeof needs === 'string' ? [needs] : needs);
  (absent.length === 0 ? describe : describe.skip)(titled(title, absent), body);
}

/** A test that runs only when every tool of `needs` is available; otherwise it skips, saying why. */
export function itWithTool(needs: ToolName | ToolName[], title: string, body: TestFunction, timeoutMs?: number): void {
  const absent = missing(typeof needs === 'string' ? [needs] : needs);
  (absent.length === 0 ? it : it.skip)(titled(title, absent), body, timeoutMs);
}
