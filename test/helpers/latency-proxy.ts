/**
 * An HTTP proxy on 127.0.0.1 in front of moto_server: adds a fixed delay to every
 * response (a round trip to a far region), counts requests, and lets a test answer a
 * request itself (S3's 503 SlowDown) or act before it is forwarded (delete an object between
 * its listing and its GetObject). It speaks plain HTTP/1.1 both ways.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from './listen-local.js';

/** What a hook may do with one request: answer it, or let it through (after its own side effects). */
export type ProxyHook = (req: IncomingMessage) => Promise<{ status: number; body: string; headers?: Record<string, string> } | undefined>;

export interface LatencyProxy {
  endpoint: string;
  /** Requests seen, by method and path (without the query). */
  requests: Array<{ method: string; path: string; query: string }>;
  /** Response body bytes forwarded from the target (objects and listings), headers not counted. */
  responseBytes: number;
  /** Object GETs (paths with a key, not listings) being answered now, and the most at once since it was last set to 0. */
  objectGetsInFlight: number;
  maxObjectGetsInFlight: number;
  hook: ProxyHook | null;
  close(): Promise<void>;
}

/** Starts a proxy to `target` that delays every response by `delayMs`. */
export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const proxy: LatencyProxy = {
    endpoint: '',
    requests: [],
    responseBytes: 0,
    objectGetsInFlight: 0,
    maxObjectGetsInFlight: 0,
    hook: null,
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    proxy.requests.push({ method: req.method ?? 'GET', path: decodeURIComponent(path), query });
    // Path-style addressing: /bucket/key is an object, /bucket (with a query) a listing.
    if (req.method === 'GET' && path.split('/').filter(Boolean).length > 1) {
      proxy.maxObjectGetsInFlight = Math.max(proxy.maxObjectGetsInFlight, ++proxy.objectGetsInFlight);
      res.on('close', () => proxy.objectGetsInFlight--);
    }
    void (async () => {
      const answer = proxy.hook ? await proxy.hook(req) : undefined;
      await new Promise((r) => setTimeout(r, delayMs));
      if (answer) {
        req.resume();
        res.writeHead(answer.status, { 'content-type': 'application/xml', ...answer.headers });
        res.end(answer.body);
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.on('data', (chunk: Buffer) => (proxy.responseBytes += chunk.length));
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    })();
  });
  const listening = await listenLocal(server);
  proxy.endpoint = listening.endpoint;
  proxy.close = listening.close;
  return proxy;
}
