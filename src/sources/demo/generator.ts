/**
 * The demo's pure core: turns story time into log lines. Time advances in fixed steps,
 * and every draw comes from one seeded PRNG, so the same seed and start time give the
 * same lines however the caller slices time.
 */
import { DISTRIBUTIONS, castClients, type ClientKind, type DemoClient, type DemoDistribution } from './cast.js';
import { buildConnection } from './connection-record.js';
import { buildRevocationCheck, buildTlsError } from './firewall-record.js';
import { hostileLines } from './hostile-lines.js';
import { toJsonLine, toW3cLine } from './log-formats.js';
import { Prng } from '../../random/prng.js';
import { STORY_CYCLE_MS, storyAt, type StoryState } from './story.js';

/** Lines for each demo file, oldest first. */
export interface DemoBatch {
  /** CloudFront connection log, JSON lines. */
  connectionsJson: string[];
  /** CloudFront connection log, W3C data lines (the writer adds the header). */
  connectionsW3c: string[];
  /** Network Firewall TLS log, JSON lines. */
  firewall: string[];
}

/** Options of DemoGenerator. */
export interface DemoGeneratorOptions {
  seed: number;
  /** Epoch ms of story time 0; event timestamps are startMs + story time. */
  startMs: number;
  /** Connection attempts per second of story time, all distributions together. Default 300. */
  rate?: number;
  /** Story time of one generation step. Default 100 ms. */
  stepMs?: number;
  /** Mix in hostile lines (escape sequences, truncated JSON, garbage). Default true. */
  hostile?: boolean;
}

/** Default connection attempts per second. */
export const DEFAULT_DEMO_RATE = 300;
/** Story times within a cycle at which a burst of hostile lines is written. */
export const HOSTILE_BURSTS_MS: readonly number[] = [3_000, 63_000, 123_000];

// How often each kind of client connects, relative to a normal client.
const CLIENT_WEIGHT: Record<ClientKind, number> = {
  normal: 1,
  expiring: 1,
  expired: 0.12,
  'no-cert': 0.12,
  revoked: 0.1,
  'not-yet-valid': 0.03,
};

interface Cohort {
  distribution: DemoDistribution;
  clients: readonly (readonly [DemoClient, number])[];
}

interface Stamped {
  ms: number;
  line: string;
}

function byTime(items: Stamped[]): string[] {
  return items.sort((a, b) => a.ms - b.ms).map((item) => item.line);
}

/** Generates the demo's log lines step by step. */
export class DemoGenerator {
  readonly startMs: number;
  readonly rate: number;
  readonly stepMs: number;
  private readonly prng: Prng;
  private readonly hostile: boolean;
  private readonly cohorts: readonly (readonly [Cohort, number])[];
  private generatedMs = 0;
  private connectionCarry = 0;
  private tlsErrorCarry = 0;
  private revocationCarry = 0;

  constructor(options: DemoGeneratorOptions) {
    this.startMs = options.startMs;
    this.rate = Math.max(0, options.rate ?? DEFAULT_DEMO_RATE);
    this.stepMs = Math.max(1, options.stepMs ?? 100);
    this.hostile = options.hostile ?? true;
    this.prng = new Prng(options.seed);
    const clients = castClients(this.prng, options.startMs);
    this.cohorts = DISTRIBUTIONS.map((distribution) => {
      const pool = clients.get(distribution.distributionId) ?? [];
      const cohort: Cohort = { distribution, clients: pool.map((client) => [client, CLIENT_WEIGHT[client.kind]] as const) };
      return [cohort, distribution.share] as const;
    });
  }

  /** Story time generated so far (a whole number of steps). */
  get storyMs(): number {
    return this.generatedMs;
  }

  /** The story's state at the current story time. */
  get story(): StoryState {
    return storyAt(this.generatedMs);
  }

  /** The client population, for tests and docs. */
  clients(): DemoClient[] {
    return this.cohorts.flatMap(([cohort]) => cohort.clients.map(([client]) => client));
  }

  /**
   * Moves story time forward to `storyMs` (rounded down to a step) without writing
   * anything: for a process that was suspended, so it does not flood the files on resume.
   */
  skipTo(storyMs: number): void {
    const target = Math.floor(storyMs / this.stepMs) * this.stepMs;
    if (target > this.generatedMs) this.generatedMs = target;
  }

  /** Generates every whole step that ends at or before `storyMs` and returns its lines. */
  advanceTo(storyMs: number): DemoBatch {
    const json: Stamped[] = [];
    const w3c: Stamped[] = [];
    const firewall: Stamped[] = [];
    while (this.generatedMs + this.stepMs <= storyMs) {
      this.step(this.generatedMs, json, w3c, firewall);
      this.generatedMs += this.stepMs;
    }
    return { connectionsJson: byTime(json), connectionsW3c: byTime(w3c), firewall: byTime(firewall) };
  }

  private step(fromMs: number, json: Stamped[], w3c: Stamped[], firewall: Stamped[]): void {
    const story = storyAt(fromMs);
    const seconds = this.stepMs / 1000;
    const at = (): number => this.startMs + fromMs + Math.floor(this.prng.next() * this.stepMs);

    this.connectionCarry += this.rate * seconds;
    for (; this.connectionCarry >= 1; this.connectionCarry -= 1) {
      const cohort = this.prng.weighted(this.cohorts);
      const client = this.prng.weighted(cohort.clients);
      const ms = at();
      const record = buildConnection(this.prng, client, cohort.distribution, story, ms);
      if (cohort.distribution.format === 'json') json.push({ ms, line: toJsonLine(record) });
      else w3c.push({ ms, line: toW3cLine(record) });
    }

    this.tlsErrorCarry += story.sniErrorsPerSecond * seconds;
    for (; this.tlsErrorCarry >= 1; this.tlsErrorCarry -= 1) {
      const ms = at();
      firewall.push({ ms, line: toJsonLine(buildTlsError(this.prng, ms)) });
    }
    this.revocationCarry += story.revocationPerSecond * seconds;
    for (; this.revocationCarry >= 1; this.revocationCarry -= 1) {
      const ms = at();
      firewall.push({ ms, line: toJsonLine(buildRevocationCheck(this.prng, ms)) });
    }

    if (this.hostile) {
      const cycleFrom = fromMs % STORY_CYCLE_MS;
      for (const burst of HOSTILE_BURSTS_MS) {
        if (burst >= cycleFrom && burst < cycleFrom + this.stepMs) {
          const ms = this.startMs + fromMs + (burst - cycleFrom);
          const lines = hostileLines(ms);
          json.push(...lines.connectionsJson.map((line) => ({ ms, line })));
          w3c.push(...lines.connectionsW3c.map((line) => ({ ms, line })));
          firewall.push(...lines.firewall.map((line) => ({ ms, line })));
        }
      }
    }
  }
}
