import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_THEME_NAMES, builtinThemes, DEFAULT_THEME, loadTheme, MONOCHROME_THEME, parseTheme, toneColour } from '../../src/ui/theme.js';

const env = { TERM: 'xterm-256color' };

describe('loadTheme', () => {
  it('loads every shipped theme without a warning', () => {
    for (const name of BUILTIN_THEME_NAMES) {
      const r = loadTheme(name, env);
      expect(r.warning).toBeNull();
      expect(r.theme.name).toBe(name);
    }
    expect(loadTheme(undefined, env).theme).toEqual(DEFAULT_THEME);
    expect(loadTheme('monochrome', env).theme.status.error).toBeNull();
  });

  it('loads a theme from a path, filling missing tokens from the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlstop-theme-'));
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ status: { error: '#ff0000' } }));
    const r = loadTheme(path, env);
    expect(r.warning).toBeNull();
    expect(r.theme.name).toBe('mine');
    expect(r.theme.status.error).toBe('#ff0000');
    expect(r.theme.status.ok).toBe(DEFAULT_THEME.status.ok);
  });

  it('falls back to the default with a clear message on a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlstop-theme-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "status": ');
    const r1 = loadTheme(broken, env);
    expect(r1.theme).toEqual(DEFAULT_THEME);
    expect(r1.warning).toContain('not valid JSON');
    expect(r1.warning).toContain(broken);

    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ status: { error: 'chartreuse-ish' } }));
    expect(loadTheme(wrong, env).warning).toContain('token "status.error" must be a colour name');

    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ status: { panic: 'red' } }));
    expect(loadTheme(unknown, env).warning).toContain('unknown token "status.panic"');

    expect(loadTheme(join(dir, 'missing.json'), env).warning).toContain('file not found');
    const named = loadTheme('solarized', env);
    expect(named.theme).toEqual(DEFAULT_THEME);
    expect(named.warning).toContain('unknown theme "solarized"');
  });

  it('honours NO_COLOR and TERM=dumb with the monochrome theme', () => {
    const noColor = loadTheme('light', { NO_COLOR: '1', TERM: 'xterm' });
    expect(noColor.theme).toEqual(MONOCHROME_THEME);
    expect(noColor.colourDisabled).toBe(true);
    expect(noColor.warning).toContain('NO_COLOR');
    expect(loadTheme(undefined, { TERM: 'dumb' }).theme).toEqual(MONOCHROME_THEME);
    expect(loadTheme(undefined, { NO_COLOR: '', TERM: 'xterm' }).colourDisabled).toBe(false);
    expect(builtinThemes({ TERM: 'dumb' })).toEqual([MONOCHROME_THEME]);
    expect(builtinThemes(env).map((t) => t.name)).toEqual([...BUILTIN_THEME_NAMES]);
  });

  it('rejects non-objects and looks tokens up by dotted name', () => {
    expect(() => parseTheme([], 'x')).toThrow('JSON object');
    expect(toneColour(DEFAULT_THEME, 'status.error')).toBe('red');
    expect(toneColour(MONOCHROME_THEME, 'chart.bar')).toBeNull();
  });
});
