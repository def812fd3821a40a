/**
 * Test helpers for the file source: a sink that records everything, and temporary
 * directories (waits on conditions: test/helpers/wait-for.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LineBatch, SourceSink, SourceStatus } from '../../../src/sources/types.js';

/** A sink that keeps every batch and the latest status per id. */
export class CollectSink implements SourceSink {
  readonly batches: LineBatch[] = [];
  readonly statuses = new Map<string, SourceStatus>();
  readonly history: SourceStatus[] = [];

  lines(batch: LineBatch): void {
    this.batches.push(batch);
  }

  status(status: SourceStatus): void {
    this.statuses.set(status.id, status);
    this.history.push(status);
  }

  /** Every line, in arrival order, optionally only from one origin. */
  all(origin?: string): string[] {
    return this.batches.filter((b) => origin === undefined || b.origin === origin).flatMap((b) => b.lines);
  }

  /** The latest status whose id ends with the given path. */
  statusOf(pathSuffix: string): SourceStatus | undefined {
    for (const [id, s] of this.statuses) if (id.endsWith(pathSuffix)) return s;
    return undefined;
  }
}

/** A fresh temporary directory and its removal. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tlstop-files-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
