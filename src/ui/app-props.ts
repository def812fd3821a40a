/**
 * What the App needs from the rest of tlstop, as narrow ports. The composition root
 * builds these from the real store, status board and validator; tests pass in-memory fakes.
 */
import type { Snapshot, ViewSource } from '../aggregation/types.js';
import type { ValidationCallbacks, ValidationSummary } from '../digest/types.js';
import type { SourceStatus } from '../sources/types.js';
import type { Theme } from './theme.js';

/** Observable list of source statuses (src/pipeline/status-board.ts `StatusBoard` fits). */
export interface StatusList {
  subscribe(listener: () => void): () => void;
  /** Must return the same array until something changes. */
  getSnapshot(): SourceStatus[];
}

/** Starts digest-chain validation; the same function `tlstop validate` runs, already bound to its inputs. */
export interface ValidationRunner {
  /** Runs to the end or until `signal` aborts (then it may reject with an AbortError). */
  start(signal: AbortSignal, callbacks: ValidationCallbacks): Promise<ValidationSummary>;
  /** One line saying what will be validated (`trail arn:... from 2026-11-23T00:00Z`, `local ./digests`). */
  describe: string;
}

/** Where an export was written. */
export interface ExportResult {
  jsonPath: string;
  textPath: string;
}

/** Alert thresholds per distribution over the last minute; absent = off. */
export interface AlertThresholds {
  /** Failure rate in percent (0..100). */
  failureRatePct?: number;
  /** p99 handshake time in milliseconds. */
  p99Ms?: number;
  /** Ring and log each new change the detector finds (`--alert-on-change`). */
  onChange?: boolean;
}

/** Observable distribution names (`--resolve-names`): display name by distribution ID, raw (sanitised on display). */
export interface NameList {
  subscribe(listener: () => void): () => void;
  /** Must return the same object until the names change. */
  getSnapshot(): Readonly<Record<string, string>>;
}

/** Props of `<App>`. */
export interface AppProps {
  /** The store: a query engine the header and panes read their sections from. */
  store: ViewSource;
  statuses: StatusList;
  /** Absent when no validation target was configured; `v` then explains how to configure one. */
  validation?: ValidationRunner;
  /** Writes the given snapshot (what is on screen) as JSON and text; resolves with the paths shown on screen. */
  exportSnapshot(snapshot: Snapshot): Promise<ExportResult>;
  /** Starting theme (from `loadTheme`). */
  theme: Theme;
  /** Themes `t` cycles through (default: the built-in ones); `theme` is added when missing. */
  themes?: Theme[];
  alerts: AlertThresholds;
  /** Window lengths `w` cycles through, in ms (e.g. 1m, 5m, 15m, 1h); the store must retain the longest. */
  windows: number[];
  /** Starting window; the first of `windows` when absent. */
  initialWindowMs?: number;
  /** The names of distributions, when `--resolve-names` looks them up. */
  names?: NameList;
  /** Called on `q` / Ctrl-C; the caller unmounts and restores the terminal. */
  onQuit(): void;
  /** Rings the terminal bell (the root writes BEL to the real terminal). */
  bell(): void;
  /** Clock for the header (defaults to Date.now); tests pin it. */
  now?: () => number;
}
