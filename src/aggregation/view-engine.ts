/**
 * The store's query engine. Data changes only mark the view stale; the next read starts
 * a frame (a version, the clock's time, retention rolled up to it), and each section is
 * computed the first time it is read in that frame for that query, then returned as the
 * same object until the frame or the query changes. A section nobody reads costs nothing.
 */
import { selectors, type Selector } from './sections/index.js';
import type { TopTablesCache } from './top-cache.js';
import type { SectionName, ViewQuery, ViewSections } from './types.js';
import { ViewContext, type ViewInputs } from './view-context.js';

/** Frames and memoised sections; see the module comment. */
export class ViewEngine {
  private readonly select: { [K in SectionName]: Selector<K> };
  private readonly keys = new WeakMap<ViewQuery, string>();
  private readonly memo = new Map<SectionName, { version: number; key: string; value: unknown }>();
  private context: { version: number; key: string; view: ViewContext } | null = null;
  private dirty = true;
  private frameVersion = 0;
  private frameNowMs = 0;
  private lastKey: string | null = null;
  private depth = 0;
  private frameCostMs = 0;

  constructor(
    private readonly inputs: ViewInputs,
    tops: TopTablesCache,
    /** Told the CPU time spent on the current frame's sections so far, ms. */
    private readonly onFrameCost: (ms: number) => void = () => {},
  ) {
    this.select = selectors(tops);
  }

  /** Something changed: the next read starts a new frame. */
  invalidate(): void {
    this.dirty = true;
  }

  /** The version of the current frame, or of the frame `query` would be answered in (starting one if needed). */
  version(query?: ViewQuery): number {
    if (query !== undefined) this.enter(query);
    else this.advance();
    return this.frameVersion;
  }

  /** One section for `query` in the current frame. */
  section<K extends SectionName>(name: K, query: ViewQuery): ViewSections[K] {
    const key = this.enter(query);
    const hit = this.memo.get(name);
    if (hit !== undefined && hit.version === this.frameVersion && hit.key === key) return hit.value as ViewSections[K];
    const started = this.depth === 0 ? performance.now() : 0;
    this.depth++;
    try {
      const value = this.select[name](this.contextFor(query, key), (other) => this.section(other, query));
      this.memo.set(name, { version: this.frameVersion, key, value });
      return value;
    } finally {
      if (--this.depth === 0) {
        this.frameCostMs += performance.now() - started;
        this.onFrameCost(this.frameCostMs);
      }
    }
  }

  /**
   * Make the current frame one for `query`: a query other than the last one starts a frame
   * at the clock's time, as changing the filter or the window always did (the first query
   * takes the frame as it is).
   */
  private enter(query: ViewQuery): string {
    const key = this.keyOf(query);
    if (key !== this.lastKey) {
      if (this.lastKey !== null) this.dirty = true;
      this.lastKey = key;
    }
    this.advance();
    return key;
  }

  private advance(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.frameVersion++;
    const { policy, insights } = this.inputs;
    this.frameNowMs = policy.advance();
    insights.prune(policy.retainedFrom(this.frameNowMs));
    this.context = null;
    this.frameCostMs = 0;
  }

  private contextFor(query: ViewQuery, key: string): ViewContext {
    const c = this.context;
    if (c !== null && c.version === this.frameVersion && c.key === key) return c.view;
    const view = new ViewContext(this.inputs, this.frameVersion, this.frameNowMs, query);
    this.context = { version: this.frameVersion, key, view };
    return view;
  }

  private keyOf(query: ViewQuery): string {
    let key = this.keys.get(query);
    if (key === undefined) {
      const { filter: f, windowMs, mark, sort } = query;
      key = JSON.stringify([
        f.distributions,
        f.tenants,
        f.statuses,
        f.text,
        windowMs,
        mark?.label ?? null,
        mark?.atMs ?? null,
        sort ?? 'impact',
      ]);
      this.keys.set(query, key);
    }
    return key;
  }
}
