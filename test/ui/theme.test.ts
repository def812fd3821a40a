import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  BUILTIN_THEME_NAMES,
  builtinThemes,
  DEFAULT_THEME,
  loadTheme,
  MONOCHROME_THEME,
  parseTheme,
  toneColour,
} from '../../src/ui/theme.js';
import { probe } from '../fs/probe.js';

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

  it('reads only a regular file of at most 1 MiB: /dev/zero, a FIFO, a directory or a huge file give dark and a message, at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlstop-theme-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    // In a child under a timeout: a FIFO opened for reading blocks the thread, and /dev/zero read to its end never ends.
    const [zero, pipe] = probe(['theme', '/dev/zero', fifo]);
    expect(zero).toMatchObject({ theme: 'dark', warning: 'theme /dev/zero: a character device, not a regular file; using "dark"' });
    expect(pipe).toMatchObject({ theme: 'dark', warning: `theme ${fifo}: a FIFO, not a regular file; using "dark"` });
    for (const line of [zero!, pipe!]) expect(line.ms).toBeLessThan(1000);

    const sub = join(dir, 'sub.json');
    mkdirSync(sub);
    const huge = join(dir, 'huge.json');
    // Valid JSON just over the limit: only the size can make it fail.
    writeFileSync(huge, `{ "status": { "error": "red" } }${' '.repeat(1024 * 1024)}`);
    const fits = join(dir, 'fits.json');
    writeFileSync(fits, `{ "status": { "error": "#ff0000" } }${' '.repeat(1024 * 1024 - 40)}`);
    const started = performance.now();
    expect(loadTheme(sub, env)).toMatchObject({
      theme: DEFAULT_THEME,
      warning: `theme ${sub}: a directory, not a regular file; using "dark"`,
    });
    expect(loadTheme(huge, env)).toMatchObject({ theme: DEFAULT_THEME, warning: `theme ${huge}: larger than 1 MiB; using "dark"` });
    const ok = loadTheme(fits, env);
    expect(ok.warning).toBeNull();
    expect(ok.theme.status.error).toBe('#ff0000');
    expect(performance.now() - started).toBeLessThan(1000);
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
