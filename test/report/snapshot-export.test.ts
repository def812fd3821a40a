import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
    const { jsonPath, textPath } = await writeSnapshotExport(store.getSnapshot(), dir, [{ id: 'f', label: 'cf.log', state: 'connected' }]);
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
});
