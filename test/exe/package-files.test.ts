/**
 * The module the executable's build puts in place of src/runtime/package-files.ts gives
 * what the real one reads from disk: the same exports, versions and themes, and Ink's
 * modules as the very instances Ink uses. It runs here under plain Node, from a file
 * outside the repository (its Ink imports are the repository's files, as in the bundle).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPackageFiles, REPO } from '../../scripts/exe/bundle.js';
import * as real from '../../src/runtime/package-files.js';

let dir: string;
let embedded: typeof real;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlstop-package-files-'));
  const file = join(dir, 'package-files.mjs');
  writeFileSync(file, await embeddedPackageFiles());
  embedded = (await import(pathToFileURL(file).href)) as typeof real;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded package files', () => {
  it('has the same exports as src/runtime/package-files.ts', () => {
    expect(Object.keys(embedded).sort()).toEqual(Object.keys(real).sort());
  });

  it("gives tlstop's and Ink's versions as the package does", () => {
    expect(embedded.tlstopVersion()).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
    expect(embedded.tlstopVersion()).toBe(real.tlstopVersion());
    expect(embedded.inkVersion()).toBe(real.inkVersion());
    expect(embedded.inkVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('holds every themes/*.json, byte for byte, and refuses other names', () => {
    const names = readdirSync(join(REPO, 'themes')).filter((f) => f.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      const theme = embedded.builtinThemeFile(name.replace(/\.json$/, ''));
      expect(theme?.read(1024 * 1024)).toBe(readFileSync(join(REPO, 'themes', name), 'utf8'));
      expect(theme?.source).toContain('embedded');
    }
    expect(() => embedded.builtinThemeFile('no-such-theme')?.read(1024)).toThrow(/not in this executable/);
  });

  it("gives Ink's own module instances (its Output class, its instance map), by the paths tlstop asks for", async () => {
    for (const path of ['./output.js', './instances.js']) {
      expect(await embedded.importInkModule(path)).toBe(await real.importInkModule(path));
    }
    await expect(embedded.importInkModule('./no-such-module.js')).rejects.toThrow(/not in this executable/);
  });

  it("gives the SHA-256 of Ink's module files and whether they import tlstop's copy of a package, as the package does", () => {
    for (const path of ['./output.js', './instances.js', './ink.js']) {
      expect(embedded.inkModuleSha256(path)).toMatch(/^[0-9a-f]{64}$/);
      expect(embedded.inkModuleSha256(path)).toBe(real.inkModuleSha256(path));
    }
    expect(embedded.inkModuleSha256('./no-such-module.js')).toBeNull();
    expect(real.inkModuleSha256('./no-such-module.js')).toBeNull();
    for (const specifier of ['string-width', '@alcalzone/ansi-tokenize']) {
      expect(embedded.inkModuleSharesImport('./output.js', specifier)).toBe(true);
      expect(real.inkModuleSharesImport('./output.js', specifier)).toBe(true);
    }
    expect(embedded.inkModuleSharesImport('./output.js', 'no-such-package')).toBeNull();
    expect(real.inkModuleSharesImport('./output.js', 'no-such-package')).toBeNull();
  });
});

describe('the embedded parse thread', () => {
  it('is one script that runs as a parse thread: started from its text, it answers a batch of lines', async () => {
    const script = embedded.parseThreadScript();
    expect('code' in script).toBe(true);
    if (!('code' in script)) return;
    const { MessageChannel, Worker, receiveMessageOnPort } = await import('node:worker_threads');
    const channel = new MessageChannel();
    const posted = new SharedArrayBuffer(8);
    const worker = new Worker(script.code, { eval: true, workerData: { answers: channel.port2, posted }, transferList: [channel.port2] });
    try {
      const line = JSON.stringify({
        eventTimestamp: 1764650000000,
        connectionStatus: 'Failed:ClientCertUntrusted',
        distributionId: 'E2DX1SLDPK0123',
      });
      worker.postMessage({ seq: 1, origin: 'a.jsonl', lines: [line, '{"broken'] });
      const counter = new Int32Array(posted);
      const deadline = Date.now() + 20_000;
      while (Atomics.load(counter, 0) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const answer = receiveMessageOnPort(channel.port1)?.message as { seq: number; counts: Record<string, number> };
      expect(answer.seq).toBe(1);
      expect(answer.counts).toEqual({ lines: 2, events: 1, malformed: 1, outsideWindow: 0 });
    } finally {
      await worker.terminate();
      channel.port1.close();
    }
  }, 30_000);
});
