/**
 * What is on screen, section by section. While live, a section read is the store's
 * answer, remembered as shown; while paused, the view keeps the last result: a section
 * shown when the pause began stays as it was, and the store is asked only for a section
 * not shown yet for the query (a pane that came on screen, a query the user changed).
 * Exports and the keys' view facts read what is shown, so they act on what the user sees.
 *
 * The pause is the view's own state, set by the App's render (`setPaused`), not an
 * argument of each read: React keeps calling the getSnapshot of the render before until
 * its passive effects run, and a store update in that gap must not read live through a
 * stale "not paused" closure (that cleared the hold and showed new numbers under PAUSED).
 */
import type { SectionName, Snapshot, ViewQuery, ViewSections, ViewSource } from '../aggregation/types.js';
import { snapshotOf } from '../aggregation/view-snapshot.js';

interface Shown {
  query: ViewQuery;
  value: unknown;
  /** Readers on screen. */
  readers: number;
}

/** The sections on screen; see the module comment. */
export class ShownView {
  private readonly live = new Map<SectionName, Shown>();
  private held: Map<SectionName, { query: ViewQuery; value: unknown }> | null = null;

  constructor(readonly store: ViewSource) {}

  /** Pause (hold what is on screen now) or go live again. */
  setPaused(paused: boolean): void {
    if (!paused) {
      this.held = null;
      return;
    }
    if (this.held !== null) return;
    this.held = new Map();
    for (const [n, s] of this.live) if (s.readers > 0 && s.query !== NO_QUERY) this.held.set(n, { query: s.query, value: s.value });
  }

  get paused(): boolean {
    return this.held !== null;
  }

  /** A section to draw: the store's answer, or while paused the one held. */
  read<K extends SectionName>(name: K, query: ViewQuery): ViewSections[K] {
    if (this.held !== null) return this.fromHeld(this.held, name, query);
    const value = this.store.section(name, query);
    const shown = this.live.get(name);
    if (shown !== undefined) {
      shown.query = query;
      shown.value = value;
    } else {
      this.live.set(name, { query, value, readers: 0 });
    }
    return value;
  }

  /** A section as it is on screen now (asked of the store when it is not). */
  shown<K extends SectionName>(name: K, query: ViewQuery): ViewSections[K] {
    if (this.held !== null) return this.fromHeld(this.held, name, query);
    const shown = this.live.get(name);
    if (shown !== undefined && shown.readers > 0 && shown.query === query) return shown.value as ViewSections[K];
    return this.store.section(name, query);
  }

  /** Every section as on screen, the others as the store answers now: what `e` exports. */
  snapshot(query: ViewQuery): Snapshot {
    return snapshotOf({ section: (name, q) => this.shown(name, q) }, query);
  }

  /** A reader of `name` came on screen. */
  retain(name: SectionName): void {
    const shown = this.live.get(name);
    if (shown !== undefined) shown.readers++;
    else this.live.set(name, { query: NO_QUERY, value: undefined, readers: 1 });
  }

  /** A reader of `name` left the screen; a section nobody shows is forgotten. */
  release(name: SectionName): void {
    const shown = this.live.get(name);
    if (shown !== undefined && --shown.readers <= 0) this.live.delete(name);
  }

  private fromHeld<K extends SectionName>(
    heldSections: Map<SectionName, { query: ViewQuery; value: unknown }>,
    name: K,
    query: ViewQuery,
  ): ViewSections[K] {
    const held = heldSections.get(name);
    if (held !== undefined && held.query === query) return held.value as ViewSections[K];
    const value = this.store.section(name, query);
    heldSections.set(name, { query, value });
    return value;
  }
}

/** Stands for "not read yet" in a retained entry. */
const NO_QUERY: ViewQuery = { filter: { distributions: [], tenants: [], statuses: [], text: '' }, windowMs: 0, mark: null };
