/**
 * The real AWS SDK against moto_server, which is stopped and started again (same port)
 * while tlstop follows a log group in auto mode (moto has no StartLiveTail, so tlstop
 * polls): no event is lost or delivered twice; while moto is down the status says the
 * operation, what went wrong with its code and when tlstop retries; the header says why
 * it polls; and each log group is one entry of the status board, before, during and after.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StatusBoard } from '../../../src/pipeline/status-board.js';
import { createCloudWatchSource } from '../../../src/sources/cloudwatch/index.js';
import type { SourceStatus } from '../../../src/sources/types.js';
import { lineText } from '../../../src/ui/lines.js';
import { sourcesLine } from '../../../src/ui/panes/sources-line.js';
import { freePort, startMoto, TEST_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';
import { CollectingSink, FAST_TIMINGS } from './collecting-sink.js';

/** moto_server on a fixed port, so that it can be stopped and started again at the same endpoint. */
class RestartableMoto {
  private server: MotoServer | null = null;
  constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await startMoto(this.port);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }
}

/** Keeps every batch and status, and feeds the statuses to the monitor's status board. */
class BoardSink extends CollectingSink {
  readonly board = new StatusBoard();
  override status(status: SourceStatus): void {
    super.status(status);
    this.board.set(status);
  }
  /** What the header lists: sources (not notes). */
  entries(): SourceStatus[] {
    return this.board.getSnapshot().filter((s) => !s.note);
  }
  notes(): SourceStatus[] {
    return this.board.getSnapshot().filter((s) => s.note);
  }
}

describeWithTool('moto_server', 'CloudWatch source while moto_server is stopped and restarted', () => {
  let moto: RestartableMoto;
  let client: CloudWatchLogsClient;

  beforeAll(async () => {
    moto = new RestartableMoto(await freePort());
    await moto.start();
    client = new CloudWatchLogsClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  async function createGroup(group: string): Promise<void> {
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
  }

  let n = 0;
  async function put(group: string, count: number): Promise<void> {
    const logEvents = Array.from({ length: count }, () => ({ timestamp: Date.now(), message: `m-${n++}` }));
    await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 's', logEvents }));
  }

  it('loses nothing, repeats nothing, says why while down and why it polls, one entry per log group', async () => {
    const group = '/restart/app';
    await createGroup(group);
    const sink = new BoardSink();
    const abort = new AbortController();
    let clockReads = 0;
    const running = createCloudWatchSource({
      endpointUrl: moto.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      timings: FAST_TIMINGS,
      logGroups: [group],
      now: () => {
        clockReads++;
        return Date.now();
      },
    }).run(sink, abort.signal);
    try {
      // auto mode: Live Tail is refused (moto answers StartLiveTail with an HTML 500).
      await sink.waitFor(() => sink.notes().length === 1, 'the fallback note');
      expect(sink.notes()[0]!.message).toMatch(
        /^Live Tail refused \(StartLiveTail: HTTP 500, an answer that is not an AWS response \(SyntaxError\)\); polling with FilterLogEvents instead\.$/,
      );
      await put(group, 20);
      await sink.waitForLines(20);
      await sink.waitFor(() => sink.entries().length === 1 && sink.entries()[0]!.state === 'connected', 'one connected entry');
      expect(sink.entries()[0]).toMatchObject({ label: group, mode: 'poll' });

      await moto.stop();
      const down =
        /^FilterLogEvents: Cannot reach the endpoint \(ECONNREFUSED, 127\.0\.0\.1:\d+\); retrying in \d+ ms\. Check the network, the proxy or --endpoint-url\.$/;
      await sink.waitFor(() => sink.entries()[0]?.state === 'retrying', 'retrying while moto is down');
      const entries = sink.entries();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ label: group, state: 'retrying', mode: 'poll' });
      expect(entries[0]!.message).toMatch(down);
      // What the header shows: the whole reason at 200 columns, operation and code at 80.
      const wide = lineText(sourcesLine(sink.board.getSnapshot(), false, 200));
      expect(wide).toMatch(
        /^sources: \/restart\/app retrying poll \(FilterLogEvents: Cannot reach the endpoint \(ECONNREFUSED, 127\.0\.0\.1:\d+\); retrying in \d+ ms\. Check the network, the proxy or --endpoint-url\.\) · Live Tail refused/,
      );
      const narrow = lineText(sourcesLine(sink.board.getSnapshot(), false, 80));
      expect(narrow).toMatch(/^sources: \/restart\/app retrying poll \(FilterLogEvents: Cannot reach the endpoint( \(ECONNREFUSED\))?/);
      expect([...narrow].length).toBeLessThanOrEqual(80);

      await moto.start();
      // moto keeps its state in memory: the group comes back empty, its event ids start again at 0.
      await createGroup(group);
      await put(group, 20);
      await sink.waitForLines(40, 30_000);
      await sink.waitFor(() => sink.entries()[0]?.state === 'connected', 'connected again', 30_000);
      await put(group, 5);
      await sink.waitForLines(45, 30_000);
      // Several more polls (each reads the clock once), for a duplicate to have its chance.
      const reads = clockReads;
      await sink.waitFor(() => clockReads >= reads + 5, 'five more polls');
      expect(sink.duplicates()).toEqual([]);
      expect(new Set(sink.allLines)).toEqual(new Set(Array.from({ length: 45 }, (_, i) => `m-${i}`)));
      expect(sink.entries()).toHaveLength(1);
      expect(sink.entries()[0]).toMatchObject({ label: group, state: 'connected', mode: 'poll' });
      expect(sink.notes()).toHaveLength(1);
    } finally {
      abort.abort();
      await running;
    }
  }, 90_000);
});
