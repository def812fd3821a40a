/**
 * UI state and its transitions as a pure reducer: (state, action) -> state + effects.
 * Keys are resolved through the keymap here. The state owns the query (filter, window,
 * mark) that every pane asks the store; the App renders the state and runs the returned
 * effects (export, quit, validation).
 */
import { DISTRIBUTION_SORTS, EMPTY_FILTER, type Change, type Filter, type ViewQuery } from '../aggregation/types.js';
import { isTextContext, PANES, resolveKey, splitKeys, type Command, type KeyContext, type KeyName, type PaneId } from './keymap.js';

/** A modal overlay that captures the keys. */
export type Overlay =
  | { kind: 'help'; scroll: number }
  | {
      kind: 'picker';
      target: 'distributions' | 'statuses';
      options: string[];
      /** Figures shown beside each option (distributions: attempts and fail % in the window), by option. */
      details?: Readonly<Record<string, PickerDetail>>;
      query: string;
      selected: string[];
      cursor: number;
    }
  | { kind: 'prompt'; purpose: 'text' | 'mark'; value: string }
  | { kind: 'detail'; seq: number; scroll: number };

/** What the distribution picker shows beside an entry. */
export interface PickerDetail {
  attempts: number;
  failureRate: number;
}

/** A distribution the picker offers, with its figures (ordered by impact by whoever lists them). */
export interface DistributionOption extends PickerDetail {
  id: string;
}

/** Everything the UI remembers between frames (the data itself lives in the store). */
export interface UiState {
  focus: PaneId;
  /** Large screens: show only the focused pane. Small screens always show one pane. */
  zoom: boolean;
  overlay: Overlay | null;
  /** Selected row index per list pane. */
  cursors: { distributions: number; failures: number; validation: number; changes: number };
  /** What the view shows: the filter, the window length and the mark; panes ask the store for it. */
  query: ViewQuery;
  /** Window lengths `w` cycles through, ms. */
  windows: number[];
  paused: boolean;
  themeIndex: number;
  /** Names of the themes `t` cycles through. */
  themeNames: string[];
  /** One-line transient message (export paths, hints). */
  message: string | null;
}

/** Side effects the App must carry out after a transition. */
export type Effect = { type: 'export' } | { type: 'toggleValidation' } | { type: 'quit' };

/** What the reducer needs to know about what is on screen when a key arrives. */
export interface ViewFacts {
  /** Rows of the Distributions pane, in display order. */
  distributionRows: Array<{ distributionId: string; tenantId: string | null }>;
  /** Seq of the Recent failures rows, in display order. */
  failureSeqs: number[];
  /** Rows of the Changes pane, in display order. */
  changeRows: ReadonlyArray<Pick<Change, 'kind' | 'distributionId' | 'tenantId' | 'failureCode' | 'sni' | 'end'>>;
  /** Choices for the distribution picker, most impact first. */
  distributionOptions: DistributionOption[];
  /** Choices for the outcome / failure-code picker. */
  statusOptions: string[];
  /** Number of validation findings listed. */
  findings: number;
  /** Rows a page-scroll moves. */
  pageSize: number;
  /** Current time: when a mark is set, and its default label. */
  nowMs: number;
}

/** Reducer input. */
export type UiAction = { type: 'key'; key: KeyName; view: ViewFacts } | { type: 'message'; message: string | null };

/** Reducer output. */
export interface Transition {
  state: UiState;
  effects: Effect[];
}

/** Initial state. `windowMs` picks the starting window among `windows` (the first when absent). */
export function initialUiState(opts: { windows: number[]; windowMs?: number; themeNames: string[]; themeIndex?: number }): UiState {
  const windows = opts.windows.length > 0 ? opts.windows : [60_000];
  const windowMs = windows[opts.windowMs === undefined ? 0 : Math.max(0, windows.indexOf(opts.windowMs))] ?? 60_000;
  return {
    focus: 'connections',
    zoom: false,
    overlay: null,
    cursors: { distributions: 0, failures: 0, validation: 0, changes: 0 },
    query: { filter: EMPTY_FILTER, windowMs, mark: null },
    windows,
    paused: false,
    themeIndex: opts.themeIndex ?? 0,
    themeNames: opts.themeNames.length > 0 ? opts.themeNames : ['default'],
    message: null,
  };
}

/** The key context of a state: the overlay if any, else the focused pane. */
export function keyContext(state: UiState): KeyContext {
  return state.overlay ? state.overlay.kind : state.focus;
}

/** Options of a picker that match its typed query (case-insensitive substring). */
export function visibleOptions(overlay: Extract<Overlay, { kind: 'picker' }>): string[] {
  const q = overlay.query.toLowerCase();
  return q === '' ? overlay.options : overlay.options.filter((o) => o.toLowerCase().includes(q));
}

const clamp = (n: number, max: number): number => Math.max(0, Math.min(n, Math.max(0, max - 1)));

function withFilter(state: UiState, filter: Filter): Transition {
  return { state: { ...state, query: { ...state.query, filter }, overlay: null }, effects: [] };
}

// Printable text a key carries in a text overlay (a paste may be many characters).
function typedText(key: KeyName): string | null {
  if (key.length === 0 || key.startsWith('ctrl-')) return null;
  const named = ['tab', 'shift-tab', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'escape', 'backspace'];
  if (named.includes(key)) return null;
  // Control characters never become part of a filter or label.
  const text = key.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? null : text;
}

/** The reducer. */
export function reduce(state: UiState, action: UiAction): Transition {
  switch (action.type) {
    case 'message':
      return { state: { ...state, message: action.message }, effects: [] };
    case 'key': {
      // Keys typed faster than they are read (a slow link, a loaded machine) arrive as one
      // chunk such as "E2DX1S ": in a text overlay each character acts as if typed alone,
      // so the Space in it still selects. Elsewhere a chunk stays whole (a stray paste
      // runs no commands).
      const typed = typedText(action.key);
      if ([...action.key].length > 1 && typed !== null && isTextContext(keyContext(state))) {
        let t: Transition = { state, effects: [] };
        for (const key of splitKeys(typed)) {
          const next = reduce(t.state, { ...action, key });
          t = { state: next.state, effects: [...t.effects, ...next.effects] };
        }
        return t;
      }
      // A transient message lasts until the next key.
      if (state.message !== null) state = { ...state, message: null };
      const context = keyContext(state);
      const command = resolveKey(context, action.key);
      if (command === null) {
        if (isTextContext(context)) {
          const text = typedText(action.key);
          if (text !== null) return { state: typeInto(state, text), effects: [] };
        }
        return { state, effects: [] };
      }
      return runCommand(state, command, action.view);
    }
  }
}

function typeInto(state: UiState, text: string): UiState {
  const o = state.overlay;
  if (o?.kind === 'picker') return { ...state, overlay: { ...o, query: (o.query + text).slice(0, 200), cursor: 0 } };
  if (o?.kind === 'prompt') return { ...state, overlay: { ...o, value: (o.value + text).slice(0, 200) } };
  return state;
}

function runCommand(state: UiState, command: Command, view: ViewFacts): Transition {
  const none = (s: UiState): Transition => ({ state: s, effects: [] });
  const o = state.overlay;
  switch (command) {
    case 'quit':
      return { state, effects: [{ type: 'quit' }] };
    case 'cancel':
      return none({ ...state, overlay: null });
    case 'help':
      return none({ ...state, overlay: { kind: 'help', scroll: 0 } });
    case 'focusNext':
    case 'focusPrev': {
      const i = PANES.indexOf(state.focus);
      const step = command === 'focusNext' ? 1 : PANES.length - 1;
      return none({ ...state, focus: PANES[(i + step) % PANES.length] ?? 'connections', message: null });
    }
    case 'toggleZoom':
      return none({ ...state, zoom: !state.zoom });
    case 'moveUp':
    case 'moveDown':
    case 'pageUp':
    case 'pageDown':
      return none(move(state, command, view));
    case 'select': {
      if (state.focus === 'distributions') {
        const row = view.distributionRows[state.cursors.distributions];
        if (!row) return none(state);
        return withFilter(state, {
          ...state.query.filter,
          distributions: [row.distributionId],
          tenants: row.tenantId !== null ? [row.tenantId] : [],
        });
      }
      if (state.focus === 'failures') {
        const seq = view.failureSeqs[state.cursors.failures];
        if (seq === undefined) return none(state);
        return none({ ...state, overlay: { kind: 'detail', seq, scroll: 0 } });
      }
      if (state.focus === 'changes') {
        const change = view.changeRows[state.cursors.changes];
        return change === undefined ? none(state) : filterToChange(state, change);
      }
      return none(state);
    }
    case 'openDistributionPicker':
      return none({
        ...state,
        overlay: {
          kind: 'picker',
          target: 'distributions',
          options: view.distributionOptions.map((d) => d.id),
          details: Object.fromEntries(view.distributionOptions.map((d) => [d.id, { attempts: d.attempts, failureRate: d.failureRate }])),
          query: '',
          selected: [...state.query.filter.distributions],
          cursor: 0,
        },
      });
    case 'openStatusPicker':
      return none({
        ...state,
        overlay: {
          kind: 'picker',
          target: 'statuses',
          options: view.statusOptions,
          query: '',
          selected: [...state.query.filter.statuses],
          cursor: 0,
        },
      });
    case 'clearDistributions':
      return withFilter(state, { ...state.query.filter, distributions: [], tenants: [] });
    case 'clearFilters':
      return withFilter(state, { distributions: [], tenants: [], statuses: [], text: '' });
    case 'openTextFilter':
      return none({ ...state, overlay: { kind: 'prompt', purpose: 'text', value: state.query.filter.text } });
    case 'setMark':
      return none({ ...state, overlay: { kind: 'prompt', purpose: 'mark', value: '' } });
    case 'clearMark':
      return none(state.query.mark === null ? state : { ...state, query: { ...state.query, mark: null } });
    case 'toggleOption': {
      if (o?.kind !== 'picker') return none(state);
      const option = visibleOptions(o)[o.cursor];
      if (option === undefined) return none(state);
      const selected = o.selected.includes(option) ? o.selected.filter((s) => s !== option) : [...o.selected, option];
      return none({ ...state, overlay: { ...o, selected } });
    }
    case 'deleteChar': {
      if (o?.kind === 'picker') return none({ ...state, overlay: { ...o, query: o.query.slice(0, -1), cursor: 0 } });
      if (o?.kind === 'prompt') return none({ ...state, overlay: { ...o, value: o.value.slice(0, -1) } });
      return none(state);
    }
    case 'apply': {
      if (o?.kind === 'picker') {
        let selected = o.selected;
        if (selected.length === 0) {
          const atCursor = visibleOptions(o)[o.cursor];
          // Enter with nothing marked takes the highlighted entry (D / x clear a filter).
          selected = atCursor !== undefined ? [atCursor] : [];
        }
        if (o.target === 'distributions') return withFilter(state, { ...state.query.filter, distributions: selected, tenants: [] });
        return withFilter(state, { ...state.query.filter, statuses: selected });
      }
      if (o?.kind === 'prompt') {
        if (o.purpose === 'text') return withFilter(state, { ...state.query.filter, text: o.value.trim() });
        const label = o.value.trim() || `mark ${new Date(view.nowMs).toISOString().slice(11, 19)}`;
        return none({ ...state, overlay: null, query: { ...state.query, mark: { label, atMs: view.nowMs } } });
      }
      return none(state);
    }
    case 'cycleWindow': {
      const next = (state.windows.indexOf(state.query.windowMs) + 1) % state.windows.length;
      return none({ ...state, query: { ...state.query, windowMs: state.windows[next] ?? 60_000 } });
    }
    case 'filterToTopChange': {
      // The header shows the first ongoing change of the Changes pane's order.
      const top = view.changeRows.find((c) => c.end === null);
      return top === undefined ? none({ ...state, message: 'no change in progress' }) : filterToChange(state, top);
    }
    case 'cycleSort': {
      const sort = DISTRIBUTION_SORTS[(DISTRIBUTION_SORTS.indexOf(state.query.sort ?? 'impact') + 1) % DISTRIBUTION_SORTS.length];
      return none({ ...state, query: { ...state.query, sort: sort ?? 'impact' }, cursors: { ...state.cursors, distributions: 0 } });
    }
    case 'togglePause':
      return none({ ...state, paused: !state.paused });
    case 'cycleTheme': {
      if (state.themeNames.length <= 1) return none({ ...state, message: 'no other theme (colour is off: NO_COLOR or TERM=dumb)' });
      const themeIndex = (state.themeIndex + 1) % state.themeNames.length;
      return none({ ...state, themeIndex, message: `theme ${state.themeNames[themeIndex] ?? ''}` });
    }
    case 'exportSnapshot':
      return { state: { ...state, message: 'exporting…' }, effects: [{ type: 'export' }] };
    case 'toggleValidation':
      return { state: { ...state, focus: 'validation' }, effects: [{ type: 'toggleValidation' }] };
  }
}

function move(state: UiState, command: 'moveUp' | 'moveDown' | 'pageUp' | 'pageDown', view: ViewFacts): UiState {
  const delta = command === 'moveUp' ? -1 : command === 'moveDown' ? 1 : command === 'pageUp' ? -view.pageSize : view.pageSize;
  const o = state.overlay;
  if (o?.kind === 'picker') return { ...state, overlay: { ...o, cursor: clamp(o.cursor + delta, visibleOptions(o).length) } };
  if (o?.kind === 'detail' || o?.kind === 'help') return { ...state, overlay: { ...o, scroll: Math.max(0, o.scroll + delta) } };
  if (state.focus === 'distributions') {
    const next = clamp(state.cursors.distributions + delta, view.distributionRows.length);
    return { ...state, cursors: { ...state.cursors, distributions: next } };
  }
  if (state.focus === 'failures') {
    const next = clamp(state.cursors.failures + delta, view.failureSeqs.length);
    return { ...state, cursors: { ...state.cursors, failures: next } };
  }
  if (state.focus === 'changes') {
    const next = clamp(state.cursors.changes + delta, view.changeRows.length);
    return { ...state, cursors: { ...state.cursors, changes: next } };
  }
  if (state.focus === 'validation') {
    const next = clamp(state.cursors.validation + delta, view.findings);
    return { ...state, cursors: { ...state.cursors, validation: next } };
  }
  return state;
}

/**
 * Enter on a change: every pane narrowed to it. A distribution's change filters to the
 * distribution (and tenant) and, for a failure code, to that status; the overall rate to
 * every failure; p99 to the distribution alone. A firewall change has no distribution:
 * a revocation change filters the text to its SNI and the Firewall pane takes the focus.
 */
function filterToChange(state: UiState, change: ViewFacts['changeRows'][number]): Transition {
  const filter = state.query.filter;
  if (change.distributionId === null) {
    const text = change.sni ?? '';
    const next = { ...state, focus: 'firewall' as const };
    return withFilter(next, { ...filter, distributions: [], tenants: [], statuses: [], text });
  }
  const statuses = change.kind === 'failure-code' ? [`Failed:${change.failureCode}`] : change.kind === 'failure-rate' ? ['Failed'] : [];
  return withFilter(state, {
    distributions: [change.distributionId],
    tenants: change.tenantId !== null ? [change.tenantId] : [],
    statuses,
    text: '',
  });
}
