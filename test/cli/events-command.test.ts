import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bufferIo } from './buffer-io.js';

let dir: string;
const LINES = [
  '{"eventTimestamp":1731620046814,"connectionId":"a","connectionStatus":"Failed:ClientCertExpired","distributionId":"E1","tlsSni":"x\\u001b[2Jy","tlsHandshakeDuration":153}',
  'garbage line',
  '{"firewall_name":"fw","availability_zone":"us-east-1d","event_timestamp":1719943304,"event":{"timestamp":"2024-07-02T18:01:44.412778Z","src_ip":"10.0.2.53","src_port":"59844","dest_ip":"10.0.1.27","dest_port":"443","sni":"-","tls_error":{"error_message":"Server name is not found in client hello."}}}',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tlstop-events-'));
  await writeFile(join(dir, 'mixed.log'), LINES.join('\n') + '\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('tlstop events', () => {
  it('prints one JSON object per event with its source, malformed count on stderr', async () => {
    const io = bufferIo();
    const file = join(dir, 'mixed.log');
    expect(await main(['events', '--file', file, '--json'], io)).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      kind: 'connection',
      connectionStatus: 'Failed:ClientCertExpired',
      failureCode: 'ClientCertExpired',
      distributionId: 'E1',
      tlsHandshakeDuration: 153,
      source: file,
    });
    expect(lines[1]).toMatchObject({
      kind: 'firewall',
      firewall_name: 'fw',
      event: { tls_error: { error_message: 'Server name is not found in client hello.' } },
      source: file,
    });
    expect(io.out()).not.toContain('\u001b');
    expect(io.err()).toMatch(/1 malformed line\(s\) skipped/);
  });

  it('prints readable lines with escapes shown, not executed', async () => {
    const io = bufferIo();
    expect(await main(['events', '--file', join(dir, 'mixed.log')], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('Failed:ClientCertExpired');
    expect(out).toContain('sni=x\\x1b[2Jy');
    expect(out).not.toContain('\u001b');
  });
});
