import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/aggregation/index.js';
import { createLineParser } from '../../src/parsers/index.js';
import { writeSnapshotExport } from '../../src/report/snapshot-export.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-export-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeSnapshotExport (the e key)', () => {
  it('writes the live view as JSON and text, with hostile text escaped', async () => {
    const now = Date.parse('2026-11-24T07:00:00Z');
    const store = createStore({ clock: () => now, notifyIntervalMs: 0 });
    const parser = createLineParser();
    for (let i = 0; i < 4; i++) {
      const outcome = parser.parse(
        JSON.stringify({
          eventTimestamp: now - 1000 * i,
          connectionStatus: i === 0 ? 'Failed:ClientCertUntrusted' : 'Success',
          distributionId: 'E2DX1SLDPK0123',
          tlsHandshakeDuration: 100,
          tlsSni: 'evil\u001b]0;pwned\u0007.example.com',
        }),
      );
      if (outcome.type === 'event') store.ingest(outcome.event, 'test');
    }
    const { jsonPath, textPath } = await writeSnapshotExport(store.select(), dir, [{ id: 'f', label: 'cf.log', state: 'connected' }]);
    expect(jsonPath).toBe(join(dir, 'tlstop-20261124T070000Z.json'));
    expect(textPath).toBe(join(dir, 'tlstop-20261124T070000Z.txt'));
    const json = JSON.parse(await readFile(jsonPath, 'utf8'));
    expect(json.report.connections).toMatchObject({ total: 4, failed: 1, byStatus: { Success: 3, 'Failed:ClientCertUntrusted': 1 } });
    expect(json.sources).toEqual([{ id: 'f', label: 'cf.log', state: 'connected' }]);
    const text = await readFile(textPath, 'utf8');
    expect(text).toContain('Connections  total 4  success 3  failed 1 (25.0%)');
    expect(text).toContain('E2DX1SLDPK0123');
    for (const body of [text, await readFile(jsonPath, 'utf8')]) expect(body).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  describe('in a shared directory', () => {
    const minute = Date.parse('2026-11-24T07:01:00Z');
    const snapshotAt = (ms: number) => createStore({ clock: () => ms, notifyIntervalMs: 0 }).select();
    let shared: string;
    let victim: string;
    beforeAll(async () => {
      shared = await mkdtemp(join(dir, 'shared-'));
      victim = join(shared, 'victim.conf');
      await writeFile(victim, 'precious\n', { mode: 0o644 });
    });

    it('never writes through symlinks planted at the next names, and moves to a fresh stem', async () => {
      // A neighbour plants links with the names the next exports will take.
      for (const ext of ['json', 'txt']) await symlink(victim, join(shared, `tlstop-20261124T070100Z.${ext}`));
      const dangling = join(shared, 'made-by-neighbour');
      await symlink(dangling, join(shared, 'tlstop-20261124T070100Z-2.json'));
      const { jsonPath, textPath } = await writeSnapshotExport(snapshotAt(minute), shared);
      expect(await readFile(victim, 'utf8')).toBe('precious\n');
      expect((await stat(victim)).mode & 0o777).toBe(0o644);
      await expect(lstat(dangling)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(jsonPath).toBe(join(shared, 'tlstop-20261124T070100Z-3.json'));
      expect(textPath).toBe(join(shared, 'tlstop-20261124T070100Z-3.txt'));
      for (const ext of ['json', 'txt']) expect(await readlink(join(shared, `tlstop-20261124T070100Z.${ext}`))).toBe(victim);
      // The pair stays on one stem: nothing was left at -2 beside the planted link.
      await expect(lstat(join(shared, 'tlstop-20261124T070100Z-2.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
      for (const path of [jsonPath, textPath]) {
        const info = await lstat(path);
        expect(info.isFile()).toBe(true);
        expect(info.mode & 0o777).toBe(0o600);
      }
      expect(JSON.parse(await readFile(jsonPath, 'utf8')).exportedAt).toBe('2026-11-24T07:01:00.000Z');
      expect(await readFile(textPath, 'utf8')).toContain('Connections');
    });

    it('leaves a file that is already there alone and does not split the pair', async () => {
      const second = minute + 60_000;
      const taken = join(shared, 'tlstop-20261124T070200Z.txt');
      await writeFile(taken, "someone else's\n");
      const first = await writeSnapshotExport(snapshotAt(second), shared);
      expect(await readFile(taken, 'utf8')).toBe("someone else's\n");
      expect(first).toEqual({
        jsonPath: join(shared, 'tlstop-20261124T070200Z-2.json'),
        textPath: join(shared, 'tlstop-20261124T070200Z-2.txt'),
      });
      await expect(lstat(join(shared, 'tlstop-20261124T070200Z.json'))).rejects.toMatchObject({ code: 'ENOENT' });
      // Two exports in the same second get two pairs.
      const again = await writeSnapshotExport(snapshotAt(second), shared);
      expect(again.jsonPath).toBe(join(shared, 'tlstop-20261124T070200Z-3.json'));
      expect(again.textPath).toBe(join(shared, 'tlstop-20261124T070200Z-3.txt'));
    });

    it('creates a missing export directory 0700', async () => {
      const fresh = join(shared, 'new', 'exports');
      const { jsonPath } = await writeSnapshotExport(snapshotAt(minute), fresh);
      expect(jsonPath).toBe(join(fresh, 'tlstop-20261124T070100Z.json'));
      for (const d of [join(shared, 'new'), fresh]) expect((await stat(d)).mode & 0o777).toBe(0o700);
      expect((await readdir(fresh)).sort()).toEqual(['tlstop-20261124T070100Z.json', 'tlstop-20261124T070100Z.txt']);
    });
  });
});
