/**
 * The per-test set-up every CloudWatch source test shares: a fresh fake Logs service
 * (test/helpers/live-tail-server.ts) before each test, one source run against it, and
 * both stopped after the test. Call at the top of a test file.
 */
import { afterEach, beforeEach } from 'vitest';
import { createCloudWatchSource, type CloudWatchSourceOptions } from '../../../src/sources/cloudwatch/index.js';
import { startFakeLogsService, type FakeLogsService } from '../../helpers/live-tail-server.js';
import { FAST_TIMINGS, TEST_CREDENTIALS, type CollectingSink } from './collecting-sink.js';

/** The fake service of the running test and the source started against it. */
export interface FakeServiceHarness {
  readonly service: FakeLogsService;
  /** Run a CloudWatch source (the file's defaults, then `options`) into `sink` until the test ends. */
  start(sink: CollectingSink, options?: Partial<CloudWatchSourceOptions>): void;
  /** Resolves when the started source's run() has returned. */
  finished(): Promise<void>;
}

/** Registers beforeEach/afterEach hooks; `prepare` adjusts each new service (page size, ...). */
export function withFakeLogsService(
  defaults: Partial<CloudWatchSourceOptions>,
  prepare?: (service: FakeLogsService) => void,
): FakeServiceHarness {
  let service: FakeLogsService | undefined;
  let abort = new AbortController();
  let running: Promise<void> | undefined;

  beforeEach(async () => {
    service = await startFakeLogsService();
    prepare?.(service);
    abort = new AbortController();
  });

  afterEach(async () => {
    abort.abort();
    await running;
    running = undefined;
    await service?.stop();
  });

  return {
    get service(): FakeLogsService {
      if (!service) throw new Error('the fake Logs service exists only inside a test');
      return service;
    },
    start(sink, options = {}) {
      running = createCloudWatchSource({
        endpointUrl: this.service.endpoint,
        region: 'us-east-1',
        credentials: TEST_CREDENTIALS,
        timings: FAST_TIMINGS,
        ...defaults,
        ...options,
      }).run(sink, abort.signal);
    },
    finished: () => running ?? Promise.resolve(),
  };
}

let clock = 0;
/** `n` events with distinct, increasing timestamps near now, messages `<prefix>-<i>`. */
export const events = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ timestamp: (clock = Math.max(clock + 1, Date.now())), message: `${prefix}-${from + i}` }));

/** The messages `events(prefix, n)` produces. */
export const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
