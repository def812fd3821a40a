/**
 * A small local HTTP server speaking the CloudTrail JSON 1.1 protocol for the calls the
 * digest validator makes (ListPublicKeys with NextToken paging, DescribeTrails), since
 * moto_server does not implement ListPublicKeys. Used by the tests, the benchmark and
 * with the real AWS CLI (`aws cloudtrail validate-logs --endpoint-url`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A key the server publishes. */
export interface ServedKey {
  /** base64 DER, as in `list-public-keys` output. */
  value: string;
  fingerprint: string;
  validityStart: Date;
  validityEnd: Date;
}

/** A trail DescribeTrails reports. */
export interface ServedTrail {
  trailArn: string;
  bucket: string;
  prefix?: string;
  isOrganizationTrail?: boolean;
}

export interface KeysServerOptions {
  keys: ServedKey[];
  trails?: ServedTrail[];
  /** Keys per ListPublicKeys page (default: all on one page). */
  pageSize?: number;
}

export interface KeysServer {
  endpoint: string;
  /** Every X-Amz-Target received, in order. */
  calls: string[];
  stop(): Promise<void>;
}

/** Keys from `list-public-keys` JSON (what `writeSignedChain` returns as publicKeysJson). */
export function keysFromJson(json: string): ServedKey[] {
  const parsed = JSON.parse(json) as {
    PublicKeyList: { Value: string; Fingerprint: string; ValidityStartTime: string; ValidityEndTime: string }[];
  };
  return parsed.PublicKeyList.map((k) => ({
    value: k.Value,
    fingerprint: k.Fingerprint,
    validityStart: new Date(k.ValidityStartTime),
    validityEnd: new Date(k.ValidityEndTime),
  }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function epoch(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const n = Number(value);
    return Number.isNaN(n) ? Date.parse(value) : n * 1000;
  }
  return undefined;
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startKeysServer(options: KeysServerOptions): Promise<KeysServer> {
  const calls: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      calls.push(operation);
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${calls.length}` });
        response.end(JSON.stringify(payload));
      };
      let input: Record<string, unknown>;
      try {
        input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        send(400, { __type: 'SerializationException', message: 'bad JSON' });
        return;
      }
      if (operation === 'ListPublicKeys') {
        const start = epoch(input.StartTime) ?? 0;
        const end = epoch(input.EndTime) ?? Date.now();
        const inRange = options.keys.filter((k) => k.validityStart.getTime() <= end && k.validityEnd.getTime() >= start);
        const from = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
        const size = options.pageSize ?? inRange.length;
        const page = inRange.slice(from, from + Math.max(1, size));
        const next = from + page.length < inRange.length ? String(from + page.length) : undefined;
        send(200, {
          PublicKeyList: page.map((k) => ({
            Value: k.value,
            Fingerprint: k.fingerprint,
            ValidityStartTime: k.validityStart.getTime() / 1000,
            ValidityEndTime: k.validityEnd.getTime() / 1000,
          })),
          ...(next ? { NextToken: next } : {}),
        });
        return;
      }
      if (operation === 'DescribeTrails') {
        const names = Array.isArray(input.trailNameList) ? (input.trailNameList as string[]) : null;
        const trails = (options.trails ?? []).filter(
          (t) => !names || names.length === 0 || names.includes(t.trailArn) || names.includes(t.trailArn.split('/').pop()!),
        );
        send(200, {
          trailList: trails.map((t) => ({
            Name: t.trailArn.split('/').pop(),
            TrailARN: t.trailArn,
            S3BucketName: t.bucket,
            ...(t.prefix ? { S3KeyPrefix: t.prefix } : {}),
            IsOrganizationTrail: t.isOrganizationTrail ?? false,
            HomeRegion: t.trailArn.split(':')[3],
            LogFileValidationEnabled: true,
          })),
        });
        return;
      }
      send(400, { __type: 'UnknownOperationException', message: `operation ${operation || '(none)'} is not served here` });
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
