/**
 * `tlstop report --resolve-names`: the names people know a distribution by, from
 * CloudFront ListDistributions over the real SDK (a local server that speaks its REST-XML),
 * in the JSON document and the text tables, escaped; a refused look-up is said on stderr,
 * and the report keeps the IDs and its exit status.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startCloudFrontServer, type CloudFrontServer } from '../helpers/cloudfront-server.js';
import { connectionLine, writeLines } from '../report/synthetic-logs.js';
import { bufferIo } from './buffer-io.js';

let dir: string;
let server: CloudFrontServer | undefined;
const savedEnv = { ...process.env };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlstop-report-names-'));
  const line = (id: string, i: number) =>
    JSON.stringify({
      eventTimestamp: Date.parse('2026-11-24T05:00:00Z') + i,
      connectionStatus: 'Success',
      distributionId: id,
      tlsHandshakeDuration: 10,
    });
  writeFileSync(join(dir, 'cf.log'), [line('E2DX1SLDPK0123', 0), line('E3NONAME000001', 1)].join('\n') + '\n');
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env = savedEnv;
});

it('shows the first alias beside the ID in JSON and text, escaped, and IDs without a name stay as they are', async () => {
  server = await startCloudFrontServer({
    distributions: [{ id: 'E2DX1SLDPK0123', aliases: ['api.example\u001b]0;x\u0007'], comment: 'partner API' }],
  });
  const args = ['report', '--file', join(dir, 'cf.log'), '--resolve-names', '--endpoint-url', server.endpoint];
  const json = bufferIo();
  expect(await main([...args, '--json'], json)).toBe(0);
  expect(json.err()).toBe('');
  const doc = JSON.parse(json.out());
  expect(doc.connections.byDistribution.E2DX1SLDPK0123.name).toBe('api.example\u001b]0;x\u0007');
  expect(doc.connections.byDistribution.E3NONAME000001.name).toBeUndefined();
  expect(json.out()).not.toContain('\u001b');

  const text = bufferIo();
  expect(await main(args, text)).toBe(0);
  expect(text.out()).toContain('E2DX1SLDPK0123 (api.example\\x1b]0;x\\x07)');
  expect(text.out()).not.toContain('\u001b');
});

it('a refused look-up is one escaped line on stderr naming the permission; the report keeps the IDs and exits 0', async () => {
  server = await startCloudFrontServer({
    distributions: [{ id: 'E2DX1SLDPK0123', aliases: ['partner-api.example.com'] }],
    fault: () => ({ status: 403, code: 'AccessDenied', message: 'User is not authorized to perform: cloudfront:ListDistributions' }),
  });
  const io = bufferIo();
  const code = await main(['report', '--file', join(dir, 'cf.log'), '--resolve-names', '--endpoint-url', server.endpoint, '--json'], io);
  expect(code).toBe(0);
  expect(io.err()).toMatch(/^tlstop report: ListDistributions: .*cloudfront:ListDistributions/);
  expect(io.err().trim().split('\n')).toHaveLength(1);
  const doc = JSON.parse(io.out());
  expect(doc.connections.byDistribution.E2DX1SLDPK0123.name).toBeUndefined();
  expect(doc.connections.byDistribution.E2DX1SLDPK0123.total).toBe(1);
});

it('names the distribution of a change too, in JSON (raw) and in the text report (escaped)', async () => {
  server = await startCloudFrontServer({
    distributions: [{ id: 'E2DX1SLDPK0123', aliases: ['api.example\u001b]0;x\u0007'], comment: 'partner API' }],
  });
  const logs = join(dir, 'change.jsonl');
  await writeLines(logs, (second, i) => [
    connectionLine(second, i, { connectionStatus: second >= 600 && i % 2 === 0 ? 'Failed:ClientCertUntrusted' : 'Success' }),
  ]);
  const args = ['report', '--file', logs, '--resolve-names', '--endpoint-url', server.endpoint];
  const json = bufferIo();
  expect(await main([...args, '--json'], json)).toBe(0);
  expect(JSON.parse(json.out()).changes[0]).toMatchObject({ distributionId: 'E2DX1SLDPK0123', name: 'api.example\u001b]0;x\u0007' });
  const text = bufferIo();
  expect(await main(args, text)).toBe(0);
  expect(text.out()).toContain('1. E2DX1SLDPK0123 (api.example\\x1b]0;x\\x07)  ClientCertUntrusted');
  expect(text.out()).not.toContain('\u001b');
});
