/**
 * Small CloudFront connection logs (JSON lines) made for one report case each: a
 * callback gives the lines of each handshake slot, ten slots a second.
 */
import { writeFile } from 'node:fs/promises';

/** Epoch ms of second 0 of these logs. */
export const SYNTHETIC_START = Date.parse('2026-11-24T05:00:00Z');
/** Handshake slots per second. */
export const SLOTS_PER_SECOND = 10;

/** One JSON connection record at `second` (slot `i` of it): a success at 60-80 ms unless `fields` say otherwise. */
export function connectionLine(second: number, i: number, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventTimestamp: SYNTHETIC_START + second * 1000 + i * (1000 / SLOTS_PER_SECOND),
    connectionId: `conn-${second}-${i}`,
    connectionStatus: 'Success',
    clientIp: `192.0.2.${(second * SLOTS_PER_SECOND + i) % 200}`,
    clientPort: 40000 + i,
    serverIp: '99.84.71.136',
    distributionId: 'E2DX1SLDPK0123',
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: 60 + ((second + i) % 20),
    tlsSni: 'api.example.com',
    clientLeafCertSubject: `CN=client-${i}.example.com`,
    clientLeafCertIssuer: 'CN=Example Client CA',
    clientLeafCertSerialNumber: `00:b1:${i}`,
    ...fields,
  });
}

/** Writes `seconds` seconds of lines, `lines(second, slot)` for each slot, in the order given. */
export async function writeLines(path: string, lines: (second: number, slot: number) => string[], seconds = 720): Promise<void> {
  const out: string[] = [];
  for (let second = 0; second < seconds; second++) for (let i = 0; i < SLOTS_PER_SECOND; i++) out.push(...lines(second, i));
  await writeFile(path, out.join('\n') + '\n');
}
