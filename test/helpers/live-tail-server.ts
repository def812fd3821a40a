/**
 * A small CloudWatch Logs service for tests, on 127.0.0.1 and a free port, speaking
 * the real wire protocols so the real SDK client runs unmodified: AWS JSON 1.1
 * (`X-Amz-Target: Logs_20140328.<Operation>`) for DescribeLogGroups, FilterLogEvents,
 * StartQuery, GetQueryResults and StopQuery, and the AWS event-stream framing
 * (`@smithy/eventstream-codec`) for StartLiveTail. One port answers both HTTP/1.1 and
 * cleartext HTTP/2 (prior knowledge): the first bytes of each connection decide.
 *
 * Tests drive it: add log groups and events (optionally pushed to open Live Tail
 * sessions), end sessions with SessionTimeoutException/SessionStreamingException,
 * cut a stream mid-frame, and queue faults (throttling, 500, connection reset,
 * expired token, access denied) for an operation.
 */
import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import { connect, createServer as createNetServer, type Socket, type AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { waitFor } from './wait-for.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const H2_PREFACE = 'PRI * HTTP/2.0';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** One stored log event. */
export interface StoredEvent {
  eventId: string;
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
}

/** A fault to inject into the next calls of an operation. */
export type FaultKind = 'throttle' | 'server-error' | 'reset' | 'expired-token' | 'access-denied' | 'not-implemented' | 'limit-exceeded';

interface QueuedFault {
  operation: string;
  kind: FaultKind;
  remaining: number;
}

/** An open StartLiveTail stream, as the server sees it. */
export interface LiveSession {
  readonly id: number;
  readonly groupNames: string[];
  readonly httpVersion: string;
  closed: boolean;
  /** Send one sessionUpdate with these events (they are also stored). */
  update(events: Array<{ group: string; stream: string; timestamp: number; message: string }>, sampled?: boolean): void;
  /** End with an exception event (`SessionTimeoutException`, `SessionStreamingException`). */
  fail(exceptionType: string, message?: string): void;
  /** Write half of an update frame, then destroy the connection's socket. */
  cut(): void;
}

/** Scripted Logs Insights behaviour. */
export interface QueryScript {
  /** GetQueryResults answers Running this many times before the final status. */
  runningPolls?: number;
  /** Final status; default Complete. */
  status?: 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';
  results?: Array<Array<{ field: string; value: string }>>;
}

/** The running fake service. */
export interface FakeLogsService {
  endpoint: string;
  /** Calls per operation. */
  calls: Map<string, number>;
  /** StartQuery requests received (query strings and ranges). */
  queries: Array<{ queryString: string; startTime: number; endTime: number; logGroupNames: string[] }>;
  sessions: LiveSession[];
  createLogGroup(name: string): string;
  /** Store events (not pushed to Live Tail). */
  putEvents(group: string, stream: string, events: Array<{ timestamp: number; message: string }>): void;
  /** Store events and push them to every open session that covers the group. */
  pushEvents(group: string, stream: string, events: Array<{ timestamp: number; message: string }>, sampled?: boolean): void;
  fault(operation: string, kind: FaultKind, times?: number): void;
  /** Answer StartQuery/GetQueryResults with this script (per query string match). */
  scriptQuery(match: (queryString: string) => boolean, script: QueryScript): void;
  /** Requests whose x-amz-security-token equals this get ExpiredTokenException. */
  expiredToken?: string;
  /** Items per FilterLogEvents / DescribeLogGroups page. */
  pageSize: number;
  /** Interval of empty heartbeat updates on open sessions (ms); 0 disables. */
  heartbeatMs: number;
  /** Wait until `n` sessions have been opened (in total). */
  waitForSessions(n: number, timeoutMs?: number): Promise<LiveSession>;
  stop(): Promise<void>;
}

interface Group {
  name: string;
  arn: string;
  events: StoredEvent[];
}

function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  // (@types/node 22 types the two writeHead overload sets of the union apart: one cast.)
  (res as ServerResponse).writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': `req-${Math.random().toString(36).slice(2)}`,
    ...headers,
  });
  res.end(text);
}

function sendError(res: Response, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message }, { 'x-amzn-errortype': type });
}

function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

async function readBody(req: Request): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Start the fake service. */
export async function startFakeLogsService(): Promise<FakeLogsService> {
  const groups = new Map<string, Group>();
  const faults: QueuedFault[] = [];
  const scripts: Array<{ match: (q: string) => boolean; script: QueryScript }> = [];
  const queryStates = new Map<string, { script: QueryScript; polls: number }>();
  const rawSockets = new Set<Socket>();
  let nextEventId = 1;
  let nextSessionId = 1;

  const groupByIdentifier = (identifier: string | undefined): Group | undefined => {
    if (!identifier) return undefined;
    const stripped = identifier.replace(/:\*$/, '');
    for (const group of groups.values()) if (group.name === stripped || group.arn === stripped) return group;
    return undefined;
  };

  const store = (group: Group, stream: string, events: Array<{ timestamp: number; message: string }>): StoredEvent[] => {
    const stored = events.map((e) => ({
      eventId: String(nextEventId++).padStart(20, '0'),
      logStreamName: stream,
      timestamp: e.timestamp,
      ingestionTime: Date.now(),
      message: e.message,
    }));
    group.events.push(...stored);
    return stored;
  };

  const service: FakeLogsService = {
    endpoint: '',
    calls: new Map(),
    queries: [],
    sessions: [],
    pageSize: 50,
    heartbeatMs: 100,
    createLogGroup(name) {
      const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
      groups.set(name, { name, arn, events: [] });
      return arn;
    },
    putEvents(name, stream, events) {
      const group = groups.get(name);
      if (!group) throw new Error(`no log group ${name}`);
      store(group, stream, events);
    },
    pushEvents(name, stream, events, sampled) {
      const open = service.sessions.filter((s) => !s.closed && s.groupNames.includes(name));
      if (open.length === 0) {
        service.putEvents(name, stream, events);
        return;
      }
      // Store once, then send to every covering session without storing again.
      service.putEvents(name, stream, events);
      for (const session of open)
        (session as SessionImpl).send(
          events.map((e) => ({ group: name, stream, ...e })),
          sampled,
        );
    },
    fault(operation, kind, times = 1) {
      faults.push({ operation, kind, remaining: times });
    },
    scriptQuery(match, script) {
      scripts.push({ match, script });
    },
    async waitForSessions(n, timeoutMs = 10_000) {
      await waitFor(() => service.sessions.length >= n, `${n} Live Tail sessions to open`, {
        timeoutMs,
        observe: () => `${service.sessions.length} opened`,
      });
      return service.sessions[n - 1]!;
    },
    async stop() {
      for (const session of service.sessions) session.closed = true;
      for (const socket of rawSockets) socket.destroy();
      await new Promise<void>((resolve) => net.close(() => resolve()));
      await new Promise<void>((resolve) => http2.close(() => resolve()));
    },
  };

  interface SessionImpl extends LiveSession {
    send(events: Array<{ group: string; stream: string; timestamp: number; message: string }>, sampled?: boolean): void;
  }

  const takeFault = (operation: string): FaultKind | undefined => {
    const index = faults.findIndex((f) => f.operation === operation || f.operation === '*');
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault.kind;
  };

  /** Drop the connection under a request (for HTTP/2, the whole session's socket). */
  const dropConnection = (req: Request): void => {
    if ('stream' in req && req.stream) req.stream.session?.destroy();
    else req.socket.destroy();
  };

  const applyFault = (kind: FaultKind, req: Request, res: Response): void => {
    switch (kind) {
      case 'throttle':
        return sendError(res, 400, 'ThrottlingException', 'Rate exceeded');
      case 'server-error':
        return sendError(res, 500, 'ServiceUnavailableException', 'The service is unavailable');
      case 'limit-exceeded':
        return sendError(res, 400, 'LimitExceededException', 'Account maximum query concurrency limit of [30] reached.');
      case 'not-implemented':
        return sendError(res, 501, 'NotImplemented', 'The StartLiveTail action has not been implemented');
      case 'expired-token':
        return sendError(res, 400, 'ExpiredTokenException', 'The security token included in the request is expired');
      case 'access-denied':
        return sendError(res, 400, 'AccessDeniedException', 'User is not authorized to perform: logs:StartLiveTail');
      case 'reset':
        dropConnection(req);
        return;
    }
  };

  const startLiveTail = (req: Request, res: Response, body: { logGroupIdentifiers?: string[] }): void => {
    const covered: Group[] = [];
    for (const identifier of body.logGroupIdentifiers ?? []) {
      const group = groupByIdentifier(identifier);
      if (!group) return sendError(res, 400, 'ResourceNotFoundException', `The specified log group does not exist: ${identifier}`);
      covered.push(group);
    }
    if (covered.length === 0 || covered.length > 10)
      return sendError(res, 400, 'InvalidParameterException', 'logGroupIdentifiers must hold 1 to 10 log groups');
    (res as ServerResponse).writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': `live-${nextSessionId}`,
    });
    const write = (frame: Uint8Array): void => {
      if (!session.closed) (res as ServerResponse).write(Buffer.from(frame));
    };
    const end = (): void => {
      if (session.closed) return;
      session.closed = true;
      clearInterval(heartbeat);
      res.end();
    };
    const session: SessionImpl = {
      id: nextSessionId++,
      groupNames: covered.map((g) => g.name),
      httpVersion: req.httpVersion,
      closed: false,
      send(events, sampled) {
        write(
          eventFrame('sessionUpdate', {
            sessionMetadata: { sampled: sampled === true },
            sessionResults: events.map((e) => ({
              logGroupIdentifier: groups.get(e.group)?.arn ?? e.group,
              logStreamName: e.stream,
              message: e.message,
              timestamp: e.timestamp,
              ingestionTime: Date.now(),
            })),
          }),
        );
      },
      update(events, sampled) {
        for (const e of events) service.putEvents(e.group, e.stream, [e]);
        session.send(events, sampled);
      },
      fail(exceptionType, message = exceptionType) {
        write(exceptionFrame(exceptionType, message));
        end();
      },
      cut() {
        const frame = eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] });
        (res as ServerResponse).write(Buffer.from(frame.subarray(0, Math.floor(frame.length / 2))));
        session.closed = true;
        clearInterval(heartbeat);
        setTimeout(() => dropConnection(req), 20);
      },
    };
    const heartbeat = setInterval(
      () => {
        if (service.heartbeatMs > 0) write(eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] }));
      },
      Math.max(10, service.heartbeatMs),
    );
    req.on('close', () => {
      session.closed = true;
      clearInterval(heartbeat);
    });
    write(
      eventFrame('sessionStart', {
        requestId: `live-${session.id}`,
        sessionId: `session-${session.id}`,
        logGroupIdentifiers: covered.map((g) => g.arn),
      }),
    );
    service.sessions.push(session);
  };

  const handle = async (req: Request, res: Response): Promise<void> => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.split('.')[1] ?? '';
    service.calls.set(operation, (service.calls.get(operation) ?? 0) + 1);
    const text = await readBody(req);
    const fault = takeFault(operation);
    if (fault) return applyFault(fault, req, res);
    if (service.expiredToken !== undefined && req.headers['x-amz-security-token'] === service.expiredToken) {
      return sendError(res, 400, 'ExpiredTokenException', 'The security token included in the request is expired');
    }
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return sendError(res, 400, 'SerializationException', 'bad JSON');
    }
    switch (operation) {
      case 'DescribeLogGroups': {
        const prefix = typeof body.logGroupNamePrefix === 'string' ? body.logGroupNamePrefix : '';
        const all = [...groups.values()].filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
        const offset = Number(body.nextToken ?? 0);
        const page = all.slice(offset, offset + service.pageSize);
        const next = offset + service.pageSize < all.length ? String(offset + service.pageSize) : undefined;
        return sendJson(res, 200, {
          logGroups: page.map((g) => ({ logGroupName: g.name, arn: `${g.arn}:*`, logGroupArn: g.arn, creationTime: 0, storedBytes: 0 })),
          ...(next ? { nextToken: next } : {}),
        });
      }
      case 'FilterLogEvents': {
        const group = groupByIdentifier((body.logGroupName ?? body.logGroupIdentifier) as string | undefined);
        if (!group) return sendError(res, 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
        const start = typeof body.startTime === 'number' ? body.startTime : -Infinity;
        const endTime = typeof body.endTime === 'number' ? body.endTime : Infinity;
        // Grouped by stream, like moto: not in time order.
        const matching = group.events
          .filter((e) => e.timestamp >= start && e.timestamp <= endTime)
          .sort((a, b) => a.logStreamName.localeCompare(b.logStreamName) || a.eventId.localeCompare(b.eventId));
        const offset = Number(body.nextToken ?? 0);
        const page = matching.slice(offset, offset + service.pageSize);
        const next = offset + service.pageSize < matching.length ? String(offset + service.pageSize) : undefined;
        return sendJson(res, 200, { events: page, searchedLogStreams: [], ...(next ? { nextToken: next } : {}) });
      }
      case 'StartLiveTail':
        return startLiveTail(req, res, body as { logGroupIdentifiers?: string[] });
      case 'StartQuery': {
        const queryString = String(body.queryString ?? '');
        const entry = scripts.find((s) => s.match(queryString));
        const queryId = `query-${service.queries.length + 1}`;
        service.queries.push({
          queryString,
          startTime: Number(body.startTime),
          endTime: Number(body.endTime),
          logGroupNames: (body.logGroupNames as string[] | undefined) ?? [],
        });
        queryStates.set(queryId, { script: entry?.script ?? { results: [] }, polls: 0 });
        return sendJson(res, 200, { queryId });
      }
      case 'GetQueryResults': {
        const state = queryStates.get(String(body.queryId));
        if (!state) return sendError(res, 400, 'ResourceNotFoundException', 'unknown query');
        state.polls++;
        if (state.polls <= (state.script.runningPolls ?? 0)) return sendJson(res, 200, { status: 'Running', results: [] });
        return sendJson(res, 200, {
          status: state.script.status ?? 'Complete',
          results: state.script.status && state.script.status !== 'Complete' ? [] : (state.script.results ?? []),
          statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        });
      }
      case 'StopQuery':
        return sendJson(res, 200, { success: true });
      default:
        return sendError(res, 400, 'UnknownOperationException', `unknown operation ${operation}`);
    }
  };

  const onRequest = (req: Request, res: Response): void => {
    handle(req, res).catch((error: unknown) => {
      try {
        sendError(res, 500, 'InternalFailure', String(error));
      } catch {
        // response already gone
      }
    });
  };
  const http1 = createHttp1Server(onRequest as (req: IncomingMessage, res: ServerResponse) => void);
  const http2 = createHttp2Server(onRequest as (req: Http2ServerRequest, res: Http2ServerResponse) => void);
  // node:http2 reads the socket's native handle, so bytes read to sniff the protocol
  // cannot be given back to it: HTTP/2 connections are relayed to an internal port.
  await new Promise<void>((resolve) => http2.listen(0, '127.0.0.1', resolve));
  const http2Port = (http2.address() as AddressInfo).port;
  http2.on('session', (session: Http2Session) => {
    session.on('error', () => undefined);
  });
  const net = createNetServer((socket) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (chunk: Buffer) => {
      const isH2 = chunk.subarray(0, H2_PREFACE.length).toString('latin1') === H2_PREFACE;
      if (!isH2) {
        socket.pause();
        socket.unshift(chunk);
        http1.emit('connection', socket);
        socket.resume();
        return;
      }
      const inner = connect(http2Port, '127.0.0.1');
      rawSockets.add(inner);
      inner.on('error', () => undefined);
      inner.on('close', () => {
        rawSockets.delete(inner);
        socket.destroy();
      });
      socket.on('close', () => inner.destroy());
      inner.write(chunk);
      socket.pipe(inner);
      inner.pipe(socket);
    });
  });
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  service.endpoint = `http://127.0.0.1:${(net.address() as AddressInfo).port}`;
  return service;
}
