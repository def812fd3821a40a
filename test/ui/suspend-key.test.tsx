/**
 * Ctrl-Z is in the keymap (so the help lists it) as a terminal command: the App calls the
 * TerminalControl's suspend for it in every context, overlays included, and the UI
 * reducer never sees it (nothing is typed into a prompt or picker).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/components/App.js';
import { helpSections, KEYMAP, normaliseKey, normaliseKeys, resolveKey, resolveTerminalKey, type KeyContext } from '../../src/ui/keymap.js';
import { TerminalControlContext } from '../../src/ui/terminal-control.js';
import { makeProps, renderSized, type SizedRender } from './fixtures.js';

const CONTEXTS: KeyContext[] = [
  'global',
  'connections',
  'latency',
  'distributions',
  'firewall',
  'failures',
  'certificates',
  'validation',
  'picker',
  'prompt',
  'help',
  'detail',
];

describe('the suspend key', () => {
  it('is Ctrl-Z (0x1a, which Ink reports as ctrl + "z")', () => {
    expect(normaliseKey('z', { ctrl: true })).toBe('ctrl-z');
    expect(normaliseKeys('z', { ctrl: true })).toEqual(['ctrl-z']);
    expect(resolveTerminalKey('ctrl-z')).toBe('suspend');
    expect(resolveTerminalKey('z')).toBeNull();
    expect(resolveTerminalKey('q')).toBeNull();
  });

  it('is no UI command in any context', () => {
    for (const context of CONTEXTS) expect(resolveKey(context, 'ctrl-z'), context).toBeNull();
  });

  it('is listed in the help, among the keys that work everywhere', () => {
    const everywhere = helpSections().find((s) => s.title === 'Everywhere');
    expect(everywhere?.rows).toContainEqual({ keys: 'Ctrl-Z', description: 'suspend to the shell (fg resumes)' });
    expect(KEYMAP.filter((b) => b.keys.includes('ctrl-z'))).toHaveLength(1);
  });
});

describe('the App and Ctrl-Z', () => {
  const mounted: SizedRender[] = [];
  afterEach(() => {
    while (mounted.length > 0) mounted.pop()?.instance.unmount();
  });
  function mount() {
    let suspends = 0;
    const { props, calls } = makeProps();
    const r = renderSized(
      <TerminalControlContext.Provider value={{ suspend: () => void suspends++ }}>
        <App {...props} />
      </TerminalControlContext.Provider>,
    );
    mounted.push(r);
    return { r, calls, suspends: () => suspends };
  }

  it('asks the terminal control to suspend, and does not quit', async () => {
    const { r, calls, suspends } = mount();
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('\x1a');
    expect(suspends()).toBe(1);
    expect(calls.quit).toBe(0);
  });

  it('suspends from a text prompt too, and types nothing into it', async () => {
    const { r, suspends } = mount();
    await r.waitFor((f) => f.includes('tlstop'));
    await r.press('/', 'a');
    const prompt = await r.waitFor((f) => /Esc cancel/.test(f) && /\ba\b/.test(f));
    await r.press('\x1a');
    expect(suspends()).toBe(1);
    await r.press('b');
    const after = await r.waitFor((f) => /\bab\b/.test(f));
    expect(after).not.toMatch(/ctrl-z|\^Z/i);
    expect(prompt).not.toMatch(/ctrl-z/i);
  });
});
