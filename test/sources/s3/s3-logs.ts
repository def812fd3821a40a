/** Log objects for the S3 tests: CloudFront connection records as JSON, W3C, Plain and Parquet, and firewall entries. */
import { parquetWriteBuffer } from 'hyparquet-writer';
import { gzipSync } from 'node:zlib';

/** One connection record, its id naming it. */
export function record(id: string, ms: number, status = 'Success'): Record<string, string | number> {
  return {
    eventTimestamp: ms,
    connectionId: id,
    connectionStatus: status,
    clientIp: '192.0.2.10',
    clientPort: 40000,
    serverIp: '198.51.100.1',
    distributionId: 'E2DX1SLDPK0123',
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: 12,
    tlsSni: 'api.example.com',
  };
}

/** `count` records one second apart from `startMs`, ids `${tag}-${i}`. */
export function records(tag: string, startMs: number, count: number, stepMs = 1000): Array<Record<string, string | number>> {
  return Array.from({ length: count }, (_, i) =>
    record(`${tag}-${i}`, startMs + i * stepMs, i % 5 === 4 ? 'Failed:ClientCertExpired' : 'Success'),
  );
}

export const json = (rows: Array<Record<string, unknown>>): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** W3C with its header lines, the order of the fields as in the records. */
export function w3c(rows: Array<Record<string, string | number>>): string {
  const fields = Object.keys(rows[0]!);
  return `#Version: 1.0\n#Fields: ${fields.join(' ')}\n` + rows.map((r) => fields.map((f) => String(r[f])).join('\t')).join('\n') + '\n';
}

/** Plain: a header line of field names, tab-delimited. */
export function plain(rows: Array<Record<string, string | number>>): string {
  const fields = Object.keys(rows[0]!);
  return fields.join('\t') + '\n' + rows.map((r) => fields.map((f) => String(r[f])).join('\t')).join('\n') + '\n';
}

/** Parquet (INT64 time and numbers, strings), in row groups of `rowGroupSize`, with `codec`. */
export function parquet(
  rows: Array<Record<string, string | number>>,
  codec: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' = 'SNAPPY',
  rowGroupSize = 1000,
): Uint8Array {
  const numeric = new Set(['eventTimestamp', 'clientPort', 'tlsHandshakeDuration']);
  const columnData = Object.keys(rows[0]!).map((name) =>
    numeric.has(name)
      ? { name, data: rows.map((r) => BigInt(r[name] as number)), type: 'INT64' as const }
      : { name, data: rows.map((r) => String(r[name])), type: 'STRING' as const },
  );
  const buffer = parquetWriteBuffer({
    columnData,
    codec,
    rowGroupSize,
    compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
  });
  return new Uint8Array(buffer);
}

export const gz = (text: string | Uint8Array): Buffer => gzipSync(text);
