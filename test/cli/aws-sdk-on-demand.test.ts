/**
 * The AWS SDK clients load only for the sources and options that use them: each costs
 * 25 MB of memory or more, and a monitor of local files or the demo, `report`/`events` on
 * files, and `--help` need none. Checked twice: by the static import graph of src/ (what
 * every command loads before it decides anything), and by running the built binary with a
 * module hook that records each `@aws-sdk/client-*` package it resolves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO } from '../e2e/tmux-driver.js';

const SRC = join(REPO, 'src');

/** Bare specifiers of `@aws-sdk/client-*` reached from `entry` by static imports (type-only ones are erased). */
function staticClients(entry: string): string[] {
  const seen = new Set<string>();
  const clients = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'([^']+)'/gms)) {
      if (m[2] !== undefined) continue;
      const spec = m[3]!;
      if (spec.startsWith('@aws-sdk/client-')) clients.add(spec);
      if (!spec.startsWith('.')) continue;
      const base = resolve(dirname(file), spec).replace(/\.js$/, '');
      const found = ['.ts', '.tsx'].map((ext) => base + ext).find((f) => existsSync(f));
      if (found) walk(found);
    }
  };
  walk(join(SRC, entry));
  return [...clients].sort();
}

describe('the AWS SDK clients load on demand', () => {
  it('no command reaches a client by static imports: the AWS sources, names, Athena and validation import theirs when used', () => {
    for (const entry of [
      'cli/main.ts',
      'cli/monitor-command.ts',
      'cli/report-command.ts',
      'cli/events-command.ts',
      'cli/validate-command.ts',
    ]) {
      expect({ entry, clients: staticClients(entry) }).toEqual({ entry, clients: [] });
    }
    // The walk does see a client where one is imported statically.
    expect(staticClients('sources/s3/s3-source.ts')).toEqual(['@aws-sdk/client-s3']);
  });

  describe('the built binary', () => {
    let dir = '';
    let hook = '';
    let file = '';

    beforeAll(async () => {
      await ensureBuilt();
      dir = await mkdtemp(join(tmpdir(), 'tlstop-sdk-'));
      hook = join(dir, 'record-clients.mjs');
      file = join(dir, 'cf.jsonl');
      await writeFile(
        hook,
        `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('@aws-sdk/client-')) appendFileSync(process.env.RECORD_CLIENTS, specifier + '\\n');
    return next(specifier, context);
  },
});
`,
      );
      await writeFile(file, `${JSON.stringify({ eventTimestamp: Date.now(), connectionStatus: 'Success', distributionId: 'E1' })}\n`);
    }, 180_000);

    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** The clients `tlstop args` resolved, and its exit status. */
    async function clientsOf(args: string[]): Promise<{ status: number | null; clients: string[] }> {
      const record = join(dir, `record-${args.join('_').replace(/[^A-Za-z0-9_]/g, '')}.txt`);
      await writeFile(record, '');
      const run = spawnSync(process.execPath, ['--import', hook, join(REPO, 'bin', 'tlstop.js'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, RECORD_CLIENTS: record, NO_COLOR: '1' },
        timeout: 60_000,
      });
      const clients = [...new Set((await readFile(record, 'utf8')).split('\n').filter(Boolean))].sort();
      return { status: run.status, clients };
    }

    it('report and events on a file, and --help, load none', async () => {
      expect(await clientsOf(['report', '--file', file, '--json'])).toEqual({ status: 0, clients: [] });
      expect(await clientsOf(['events', '--file', file])).toEqual({ status: 0, clients: [] });
      expect(await clientsOf(['--help'])).toEqual({ status: 0, clients: [] });
    });

    it('a report that asks for CloudFront names loads the CloudFront client, and only it', async () => {
      // Port 9 on 127.0.0.1 refuses: the look-up fails and the report keeps the IDs.
      const run = await clientsOf([
        'report',
        '--file',
        file,
        '--json',
        '--resolve-names',
        '--endpoint-url',
        'http://127.0.0.1:9',
        '--region',
        'us-east-1',
      ]);
      expect(run.clients).toEqual(['@aws-sdk/client-cloudfront']);
    });
  });
});
