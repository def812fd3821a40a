/**
 * An HTTP proxy on 127.0.0.1 in front of moto_server's Athena, for what moto does not do:
 * it pages GetQueryResults (moto returns every row at once and no NextToken: here a page holds
 * at most `pageSize` rows and NextToken is the offset of the next one), and it can make every
 * query end FAILED with a given reason (moto's queries always succeed). Everything else, and
 * S3, passes through unchanged. Speaks Athena's JSON protocol (x-amz-json-1.1).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { listenLocal } from './listen-local.js';

export interface AthenaProxy {
  endpoint: string;
  pageSize: number;
  /** Set: GetQueryExecution says FAILED with this reason. */
  fail: { reason: string } | null;
  /** GetQueryResults requests seen (each page is one). */
  resultPages: number;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function forward(target: URL, req: IncomingMessage, payload: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    up.on('error', reject);
    up.end(payload);
  });
}

export async function startAthenaProxy(target: string, pageSize = 1000): Promise<AthenaProxy> {
  const upstream = new URL(target);
  const proxy: AthenaProxy = { endpoint: '', pageSize, fail: null, resultPages: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const payload = await body(req);
      const answer = await forward(upstream, req, payload);
      const action = String(req.headers['x-amz-target'] ?? '');
      let out = answer.body;
      if (answer.status === 200 && action === 'AmazonAthena.GetQueryResults') {
        proxy.resultPages++;
        const asked = JSON.parse(payload.toString()) as { NextToken?: string };
        const result = JSON.parse(out.toString()) as { ResultSet: { Rows: unknown[] }; NextToken?: string };
        const from = Number(asked.NextToken ?? 0);
        const rows = result.ResultSet.Rows;
        result.ResultSet.Rows = rows.slice(from, from + proxy.pageSize);
        if (from + proxy.pageSize < rows.length) result.NextToken = String(from + proxy.pageSize);
        out = Buffer.from(JSON.stringify(result));
      } else if (answer.status === 200 && action === 'AmazonAthena.GetQueryExecution' && proxy.fail) {
        const result = JSON.parse(out.toString()) as { QueryExecution: { Status: Record<string, unknown> } };
        Object.assign(result.QueryExecution.Status, {
          State: 'FAILED',
          StateChangeReason: proxy.fail.reason,
          AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false },
        });
        out = Buffer.from(JSON.stringify(result));
      }
      const headers: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(out.length) };
      delete headers['transfer-encoding'];
      res.writeHead(answer.status, headers);
      res.end(out);
    })().catch(() => res.destroy());
  });
  const listening = await listenLocal(server);
  proxy.endpoint = listening.endpoint;
  proxy.close = listening.close;
  return proxy;
}
