import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { footerBindings, helpSections, KEYMAP, normaliseKey, normaliseKeys, resolveKey } from '../../src/ui/keymap.js';
import { lineText } from '../../src/ui/lines.js';
import { footerLine } from '../../src/ui/panes/header.js';

const k = (over: Partial<Key>): Partial<Key> => over;

describe('normaliseKey', () => {
  it('accepts Backspace as Ink 6 reports it (delete) and as Ink 7 does (backspace)', () => {
    expect(normaliseKey('', k({ delete: true }))).toBe('backspace');
    expect(normaliseKey('', k({ backspace: true }))).toBe('backspace');
  });
  it('accepts Escape with or without the meta flag Ink 6 adds', () => {
    expect(normaliseKey('', k({ escape: true, meta: true }))).toBe('escape');
    expect(normaliseKey('', k({ escape: true }))).toBe('escape');
    expect(normaliseKey('', k({ meta: true }))).toBe('escape');
  });
  it('names special keys and keeps printable input', () => {
    expect(normaliseKey('', k({ tab: true }))).toBe('tab');
    expect(normaliseKey('', k({ tab: true, shift: true }))).toBe('shift-tab');
    expect(normaliseKey('c', k({ ctrl: true }))).toBe('ctrl-c');
    expect(normaliseKey('', k({ return: true }))).toBe('enter');
    expect(normaliseKey('', k({ upArrow: true }))).toBe('up');
    expect(normaliseKey('D', k({ shift: true }))).toBe('D');
    expect(normaliseKey('abc', k({}))).toBe('abc');
    expect(normaliseKey('', k({}))).toBeNull();
  });
});

describe('normaliseKeys', () => {
  it('splits keys that arrived together, keeps a plain paste whole', () => {
    expect(normaliseKeys(' \r', {})).toEqual([' ', 'enter']);
    expect(normaliseKeys('\t\t', {})).toEqual(['tab', 'tab']);
    expect(normaliseKeys('ab\x7f', {})).toEqual(['a', 'b', 'backspace']);
    expect(normaliseKeys('api.example.com', {})).toEqual(['api.example.com']);
    expect(normaliseKeys('', { return: true })).toEqual(['enter']);
    expect(normaliseKeys('', {})).toEqual([]);
  });
});

describe('resolveKey', () => {
  it('prefers the pane binding and falls back to the global one', () => {
    expect(resolveKey('distributions', 'enter')).toBe('select');
    expect(resolveKey('distributions', 'd')).toBe('openDistributionPicker');
    expect(resolveKey('connections', 'j')).toBeNull();
    expect(resolveKey('distributions', 'j')).toBe('moveDown');
  });
  it('lets overlays capture keys, except Ctrl-C', () => {
    expect(resolveKey('prompt', 'q')).toBeNull();
    expect(resolveKey('picker', 'd')).toBeNull();
    expect(resolveKey('picker', ' ')).toBe('toggleOption');
    expect(resolveKey('prompt', 'ctrl-c')).toBe('quit');
    expect(resolveKey('help', 'q')).toBe('cancel');
  });
  it('binds every key the issue names', () => {
    const expected: Record<string, string> = {
      q: 'quit',
      tab: 'focusNext',
      'shift-tab': 'focusPrev',
      d: 'openDistributionPicker',
      D: 'clearDistributions',
      s: 'openStatusPicker',
      '/': 'openTextFilter',
      w: 'cycleWindow',
      p: 'togglePause',
      t: 'cycleTheme',
      e: 'exportSnapshot',
      v: 'toggleValidation',
      m: 'setMark',
      '?': 'help',
    };
    for (const [key, command] of Object.entries(expected)) expect(resolveKey('connections', key)).toBe(command);
  });
  it('has no key bound twice in one context', () => {
    const seen = new Set<string>();
    for (const b of KEYMAP)
      for (const key of b.keys) {
        const id = `${b.context}:${key}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
  });
});

describe('footer and help come from the keymap', () => {
  it('footer shows the focused pane keys first, then global ones', () => {
    expect(footerBindings('distributions')[0]?.command).toBe('moveUp');
    expect(lineText(footerLine('distributions', 200, null))).toBe(
      '↑↓ move  Enter filter to row  o order  q quit  Tab pane  d dists  s status  / text  w window  p pause  e export  v validate  m mark  ? help  ',
    );
    expect(lineText(footerLine('picker', 200, null))).toBe('↑↓ move  Space select  Enter apply  Esc cancel  Bksp delete  ');
    expect(lineText(footerLine('connections', 200, 'exported /a and /b'))).toBe('exported /a and /b');
  });
  it('help lists every binding of every context shown', () => {
    const rows = helpSections().flatMap((s) => s.rows);
    const described = KEYMAP.filter((b) => b.context !== 'help');
    for (const b of described) expect(rows.some((r) => r.description === b.description)).toBe(true);
  });
});
