import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../src/aggregation/types.js';
import { initialUiState, keyContext, reduce, type Transition, type UiState, type ViewFacts } from '../../src/ui/ui-state.js';

const view: ViewFacts = {
  distributionRows: [
    { distributionId: 'E1', tenantId: null },
    { distributionId: 'E2', tenantId: 'tenant-a' },
  ],
  failureSeqs: [30, 20, 10],
  changeRows: [
    { kind: 'failure-code', distributionId: 'E2', tenantId: null, failureCode: 'ClientCertUntrusted', sni: null, end: null },
    { kind: 'latency-p99', distributionId: 'E1', tenantId: 'tenant-a', failureCode: 'p99', sni: null, end: null },
    {
      kind: 'firewall-revocation',
      distributionId: null,
      tenantId: null,
      failureCode: 'REVOKED/DROP',
      sni: 'updates.example.com',
      end: null,
    },
  ],
  distributionOptions: [
    { id: 'E1', attempts: 100, failureRate: 0.01 },
    { id: 'E2', attempts: 50, failureRate: 0.2 },
    { id: 'E3XYZ', attempts: 0, failureRate: 0 },
  ],
  statusOptions: ['Success', 'Failed', 'Failed:ClientCertExpired', 'Failed:ClientCertUntrusted'],
  findings: 0,
  pageSize: 10,
  nowMs: Date.UTC(2026, 10, 24, 7, 0, 0),
};

const start = (): UiState =>
  initialUiState({
    windows: [60_000, 300_000, 900_000, 3_600_000],
    windowMs: 300_000,
    themeNames: ['dark', 'light', 'high-contrast', 'monochrome'],
  });

/** Press keys in order; returns the final transition and every effect seen. */
function press(state: UiState, ...keys: string[]): Transition & { all: Transition['effects'] } {
  let t: Transition = { state, effects: [] };
  const all: Transition['effects'] = [];
  for (const key of keys) {
    t = reduce(t.state, { type: 'key', key, view });
    all.push(...t.effects);
  }
  return { ...t, all };
}

describe('focus', () => {
  it('cycles through every pane with Tab and back with Shift-Tab', () => {
    let s = start();
    const seen = [s.focus];
    for (let i = 0; i < 8; i++) {
      s = press(s, 'tab').state;
      seen.push(s.focus);
    }
    expect(seen).toEqual([
      'connections',
      'changes',
      'latency',
      'distributions',
      'firewall',
      'failures',
      'certificates',
      'validation',
      'connections',
    ]);
    expect(press(start(), 'shift-tab').state.focus).toBe('validation');
  });
});

describe('distribution picker', () => {
  it('narrows by typing, selects several with space, applies with Enter', () => {
    const opened = press(start(), 'd').state;
    expect(keyContext(opened)).toBe('picker');
    const t = press(opened, ' ', 'down', ' ', 'enter');
    expect(t.state.overlay).toBeNull();
    expect(t.state.query.filter).toEqual({ ...EMPTY_FILTER, distributions: ['E1', 'E2'] });
    expect(t.effects).toEqual([]);
  });
  it('types to narrow (q and d are text there), Backspace edits, Enter takes the highlighted entry', () => {
    const t = press(start(), 'd', 'x', 'y', 'q', 'backspace');
    expect(t.state.overlay).toMatchObject({ kind: 'picker', query: 'xy' });
    expect(t.all).toEqual([]);
    expect(t.state.query.filter).toEqual(EMPTY_FILTER);
    const applied = press(t.state, 'enter');
    expect(applied.state.query.filter.distributions).toEqual(['E3XYZ']);
  });
  it('handles keys that arrived as one chunk as if typed one by one: "E3X " narrows, then Space selects', () => {
    const t = press(start(), 'd', 'E3X ', 'enter');
    expect(t.state.query.filter.distributions).toEqual(['E3XYZ']);
    // Outside a text overlay a chunk runs no commands (a stray paste of "pq" neither pauses nor quits).
    const paste = press(start(), 'pq');
    expect(paste.all).toEqual([]);
    expect(paste.state.paused).toBe(false);
  });
  it('Esc cancels without touching the filter, D clears', () => {
    const cancelled = press(start(), 'd', ' ', 'escape');
    expect(cancelled.state.overlay).toBeNull();
    expect(cancelled.all).toEqual([]);
    expect(cancelled.state.query.filter).toEqual(EMPTY_FILTER);
    const filtered = press(start(), 'd', ' ', 'enter').state;
    const cleared = press(filtered, 'D');
    expect(cleared.state.query.filter).toEqual(EMPTY_FILTER);
    expect(cleared.effects).toEqual([]);
  });
  it('reopens with the current selection ticked', () => {
    const filtered = press(start(), 'd', 'down', ' ', 'enter').state;
    expect(press(filtered, 'd').state.overlay).toMatchObject({ selected: ['E2'] });
  });
});

describe('filters', () => {
  it('s filters by outcome or failure code', () => {
    const t = press(start(), 's', 'down', 'down', ' ', 'down', ' ', 'enter');
    expect(t.state.query.filter.statuses).toEqual(['Failed:ClientCertExpired', 'Failed:ClientCertUntrusted']);
  });
  it('/ sets free text, Backspace edits, empty clears; control characters are dropped', () => {
    const t = press(start(), '/', 'a', 'p', 'x', 'backspace', 'i\x1b]0;pwn\x07', 'enter');
    expect(t.state.query.filter).toEqual({ ...EMPTY_FILTER, text: 'api]0;pwn' });
    const cleared = press(
      t.state,
      '/',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'backspace',
      'enter',
    );
    expect(cleared.state.query.filter.text).toBe('');
  });
  it('x clears every filter', () => {
    const filtered = press(start(), '/', 'a', 'enter', 's', ' ', 'enter').state;
    expect(press(filtered, 'x').state.query.filter).toEqual(EMPTY_FILTER);
  });
  it('Enter on a distribution row filters to it (with its tenant)', () => {
    const s = press(start(), 'tab', 'tab', 'tab', 'j', 'enter');
    expect(s.state.query.filter).toEqual({ ...EMPTY_FILTER, distributions: ['E2'], tenants: ['tenant-a'] });
    expect(press(s.state, 'k', 'k', 'enter').state.query.filter).toEqual({ ...EMPTY_FILTER, distributions: ['E1'] });
  });
});

describe('other commands', () => {
  it('w cycles the window through the configured lengths', () => {
    expect(start().query.windowMs).toBe(300_000);
    const seen: number[] = [];
    let s = start();
    for (let i = 0; i < 3; i++) {
      const t = press(s, 'w');
      expect(t.effects).toEqual([]);
      s = t.state;
      seen.push(s.query.windowMs);
    }
    expect(seen).toEqual([900_000, 3_600_000, 60_000]);
  });
  it('p toggles pause, t cycles themes, z zooms', () => {
    expect(press(start(), 'p').state.paused).toBe(true);
    expect(press(start(), 'p', 'p').state.paused).toBe(false);
    const themed = press(start(), 't', 't', 't', 't', 't').state;
    expect(themed.themeIndex).toBe(1);
    expect(themed.message).toBe('theme light');
    expect(press(themed, 'j').state.message).toBeNull();
    const mono = initialUiState({ windows: [60_000], themeNames: ['monochrome'] });
    expect(press(mono, 't').state.message).toBe('no other theme (colour is off: NO_COLOR or TERM=dumb)');
    expect(press(start(), 'z').state.zoom).toBe(true);
  });
  it('e asks for an export, v toggles validation and focuses its pane, q and Ctrl-C quit', () => {
    expect(press(start(), 'e').effects).toEqual([{ type: 'export' }]);
    const v = press(start(), 'v');
    expect(v.effects).toEqual([{ type: 'toggleValidation' }]);
    expect(v.state.focus).toBe('validation');
    expect(press(start(), 'q').effects).toEqual([{ type: 'quit' }]);
    expect(press(start(), '/', 'ctrl-c').effects).toEqual([{ type: 'quit' }]);
  });
  it('m prompts for a label and sets the mark; an empty label gets the time; M clears', () => {
    const t = press(start(), 'm', 'r', 'o', 'l', 'l', 'o', 'u', 't', ' ', '2', 'enter');
    expect(t.state.query.mark).toEqual({ label: 'rollout 2', atMs: view.nowMs });
    expect(press(start(), 'm', 'enter').state.query.mark).toEqual({ label: 'mark 07:00:00', atMs: view.nowMs });
    expect(press(t.state, 'M').state.query.mark).toBeNull();
    expect(press(start(), 'M').state.query.mark).toBeNull();
  });
  it('? opens help, which scrolls and closes with Esc', () => {
    const t = press(start(), '?', 'down', 'down');
    expect(t.state.overlay).toEqual({ kind: 'help', scroll: 2 });
    expect(press(t.state, 'escape').state.overlay).toBeNull();
  });
  it('Enter on a failure opens its detail; moves stay inside the list', () => {
    const onFailures = press(start(), 'tab', 'tab', 'tab', 'tab', 'tab').state;
    expect(onFailures.focus).toBe('failures');
    const t = press(onFailures, 'down', 'down', 'down', 'down', 'enter');
    expect(t.state.overlay).toEqual({ kind: 'detail', seq: 10, scroll: 0 });
    expect(press(t.state, 'escape').state.overlay).toBeNull();
    expect(press(onFailures, 'up', 'up', 'enter').state.overlay).toEqual({ kind: 'detail', seq: 30, scroll: 0 });
  });
  it('unknown keys change nothing', () => {
    const s = start();
    expect(press(s, '§').state).toBe(s);
  });
});

describe('changes and the sort key', () => {
  it('Enter on a change filters every pane to its distribution and code; p99 to the distribution and tenant; firewall to the SNI', () => {
    const onChanges = press(start(), 'tab').state;
    expect(onChanges.focus).toBe('changes');
    expect(press(onChanges, 'enter').state.query.filter).toEqual({
      distributions: ['E2'],
      tenants: [],
      statuses: ['Failed:ClientCertUntrusted'],
      text: '',
    });
    expect(press(onChanges, 'j', 'enter').state.query.filter).toEqual({
      distributions: ['E1'],
      tenants: ['tenant-a'],
      statuses: [],
      text: '',
    });
    const firewall = press(onChanges, 'j', 'j', 'j', 'enter').state;
    expect(firewall.query.filter).toEqual({ ...EMPTY_FILTER, text: 'updates.example.com' });
    expect(firewall.focus).toBe('firewall');
  });

  it('c filters to the change the header shows from any pane; without an ongoing change it says so', () => {
    expect(press(start(), 'c').state.query.filter).toEqual({
      distributions: ['E2'],
      tenants: [],
      statuses: ['Failed:ClientCertUntrusted'],
      text: '',
    });
    const quiet = reduce(start(), { type: 'key', key: 'c', view: { ...view, changeRows: view.changeRows.map((c) => ({ ...c, end: 1 })) } });
    expect(quiet.state.message).toBe('no change in progress');
    expect(quiet.state.query.filter).toEqual(EMPTY_FILTER);
  });

  it('o cycles the Distributions order impact → failures → attempts → fail % → p99 → name → impact, from any pane', () => {
    let s = start();
    expect(s.query.sort ?? 'impact').toBe('impact');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      s = press(s, 'o').state;
      seen.push(s.query.sort ?? 'impact');
    }
    expect(seen).toEqual(['failures', 'attempts', 'failRate', 'p99', 'name', 'impact']);
    const onDistributions = press(start(), 'tab', 'tab', 'tab', 'j').state;
    expect(onDistributions.cursors.distributions).toBe(1);
    expect(press(onDistributions, 'o').state.cursors.distributions).toBe(0);
  });

  it('the picker carries each distribution’s figures, in the order given (by impact)', () => {
    const opened = press(start(), 'd').state.overlay;
    expect(opened).toMatchObject({ kind: 'picker', options: ['E1', 'E2', 'E3XYZ'] });
    expect(opened?.kind === 'picker' ? opened.details?.E2 : undefined).toEqual({ attempts: 50, failureRate: 0.2 });
  });
});
