/**
 * Keeps the latest status of every source (and source part) for the header and for
 * headless commands. Readable with useSyncExternalStore; notifications are coalesced.
 */
import type { SourceStatus } from '../sources/types.js';

/** Observable list of source statuses. */
export class StatusBoard {
  private readonly byId = new Map<string, SourceStatus>();
  private readonly listeners = new Set<() => void>();
  private snapshot: SourceStatus[] = [];
  private pending = false;

  /** Record a status; replaces the previous status with the same id. */
  set(status: SourceStatus): void {
    const previous = this.byId.get(status.id);
    if (
      previous &&
      previous.state === status.state &&
      previous.message === status.message &&
      previous.mode === status.mode &&
      previous.sampled === status.sampled &&
      previous.label === status.label &&
      previous.note === status.note
    ) {
      return;
    }
    this.byId.set(status.id, status);
    this.snapshot = [...this.byId.values()];
    if (!this.pending) {
      this.pending = true;
      queueMicrotask(() => {
        this.pending = false;
        for (const listener of this.listeners) listener();
      });
    }
  }

  /** Current statuses, in the order sources first reported. Same array until something changes. */
  getSnapshot = (): SourceStatus[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
