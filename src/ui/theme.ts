/**
 * Semantic colour themes. Components ask for a token (`status.error`), never for a raw
 * colour; `themes/*.json` map tokens to Ink colour names or `#rrggbb`, or null for "no
 * colour". NO_COLOR and TERM=dumb force the monochrome theme.
 */
import { isAbsolute, resolve } from 'node:path';
import { readRegularTextFileSync } from '../fs/read-regular-file.js';
import { builtinThemeFile } from '../runtime/package-files.js';

/** The largest theme file read (the shipped ones are under 1 KiB). */
export const THEME_MAX_BYTES = 1024 * 1024;

/** A colour as Ink understands it (`red`, `cyanBright`, `#ff8800`), or null for the terminal default. */
export type Colour = string | null;

/** The semantic tokens every theme defines. */
export interface Theme {
  name: string;
  description: string;
  text: { primary: Colour; muted: Colour; title: Colour };
  status: { ok: Colour; warn: Colour; error: Colour; info: Colour };
  focus: { title: Colour; selection: Colour };
  chart: { bar: Colour; spark: Colour; progress: Colour };
  alert: { text: Colour };
}

/** Dotted token names, e.g. `status.error`; what UI lines carry instead of colours. */
export type Tone =
  | 'text.primary'
  | 'text.muted'
  | 'text.title'
  | 'status.ok'
  | 'status.warn'
  | 'status.error'
  | 'status.info'
  | 'focus.title'
  | 'focus.selection'
  | 'chart.bar'
  | 'chart.spark'
  | 'chart.progress'
  | 'alert.text';

/** Names of the themes shipped in `themes/`, in the order `t` cycles through them. */
export const BUILTIN_THEME_NAMES = ['dark', 'light', 'high-contrast', 'monochrome'] as const;

/** The default theme, also the fallback when `themes/` cannot be found. */
export const DEFAULT_THEME: Theme = {
  name: 'dark',
  description: 'Default: light text on a dark terminal background.',
  text: { primary: 'white', muted: 'gray', title: 'cyanBright' },
  status: { ok: 'green', warn: 'yellow', error: 'red', info: 'blue' },
  focus: { title: 'cyan', selection: 'blue' },
  chart: { bar: 'magenta', spark: 'cyan', progress: 'green' },
  alert: { text: 'redBright' },
};

/** The colourless theme forced by NO_COLOR / TERM=dumb. */
export const MONOCHROME_THEME: Theme = {
  name: 'monochrome',
  description: 'No colour at all.',
  text: { primary: null, muted: null, title: null },
  status: { ok: null, warn: null, error: null, info: null },
  focus: { title: null, selection: null },
  chart: { bar: null, spark: null, progress: null },
  alert: { text: null },
};

const GROUPS = ['text', 'status', 'focus', 'chart', 'alert'] as const;

const NAMED = new Set(
  ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey']
    .flatMap((c) => (c === 'gray' || c === 'grey' ? [c] : [c, `${c}Bright`]))
    .concat(['blackBright']),
);

function isColour(value: unknown): value is Colour {
  if (value === null) return true;
  if (typeof value !== 'string') return false;
  return NAMED.has(value) || /^#[0-9a-fA-F]{6}$/.test(value) || /^#[0-9a-fA-F]{3}$/.test(value);
}

/** Look a token up in a theme. */
export function toneColour(theme: Theme, tone: Tone): Colour {
  const [group, key] = tone.split('.') as [keyof Theme, string];
  const section = theme[group] as Record<string, Colour> | string;
  if (typeof section === 'string') return null;
  return section[key] ?? null;
}

/**
 * Validate parsed JSON as a theme. Missing tokens are taken from the default theme;
 * a token of the wrong type or an unknown colour is an error (thrown, with the token named).
 */
export function parseTheme(raw: unknown, fallbackName: string): Theme {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('a theme must be a JSON object');
  }
  const obj = raw as Record<string, unknown>;
  const theme: Theme = structuredClone(DEFAULT_THEME);
  theme.name = typeof obj['name'] === 'string' && obj['name'] !== '' ? obj['name'] : fallbackName;
  theme.description = typeof obj['description'] === 'string' ? obj['description'] : '';
  for (const group of GROUPS) {
    const section = obj[group];
    if (section === undefined) continue;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) {
      throw new Error(`"${group}" must be an object of colour tokens`);
    }
    const target = theme[group] as Record<string, Colour>;
    for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
      if (!(key in target)) throw new Error(`unknown token "${group}.${key}"`);
      if (!isColour(value)) {
        throw new Error(`token "${group}.${key}" must be a colour name, #rrggbb or null, not ${JSON.stringify(value)}`);
      }
      target[key] = value;
    }
  }
  return theme;
}

/** True when the environment asks for no colour (NO_COLOR set and non-empty, or TERM=dumb). */
export function colourDisabled(env: NodeJS.ProcessEnv): boolean {
  return (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') || env['TERM'] === 'dumb';
}

/** Outcome of loading a theme: always a usable theme, plus a message when something was wrong. */
export interface ThemeLoadResult {
  theme: Theme;
  /** Clear, user-facing text when the requested theme could not be used; null when all went well. */
  warning: string | null;
  /** True when NO_COLOR / TERM=dumb forced monochrome. */
  colourDisabled: boolean;
}

/**
 * Load a theme by built-in name (`dark`, `light`, `high-contrast`, `monochrome`) or by path
 * to a JSON file. Never throws: a bad name or file gives the default theme and a warning,
 * and so does a path that is not a regular file of at most THEME_MAX_BYTES (it is not read).
 */
export function loadTheme(nameOrPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ThemeLoadResult {
  if (colourDisabled(env)) {
    const why = env['TERM'] === 'dumb' ? 'TERM=dumb' : 'NO_COLOR';
    const warning = nameOrPath && nameOrPath !== 'monochrome' ? `theme "${nameOrPath}" ignored: ${why} asks for no colour` : null;
    return { theme: MONOCHROME_THEME, warning, colourDisabled: true };
  }
  const wanted = nameOrPath ?? 'dark';
  const isBuiltin = (BUILTIN_THEME_NAMES as readonly string[]).includes(wanted);
  // What to read: a built-in theme (from the package, or embedded in the executable) or a file the user named.
  let file: { source: string; base: string; read(): string };
  if (isBuiltin) {
    const builtin = builtinThemeFile(wanted);
    if (builtin === null) {
      const fallback = wanted === 'monochrome' ? MONOCHROME_THEME : DEFAULT_THEME;
      return {
        theme: fallback,
        warning: wanted === fallback.name ? null : `themes/ folder not found; using "${fallback.name}"`,
        colourDisabled: false,
      };
    }
    file = { source: builtin.source, base: wanted, read: () => builtin.read(THEME_MAX_BYTES) };
  } else if (wanted.endsWith('.json') || wanted.includes('/') || isAbsolute(wanted)) {
    const path = resolve(wanted);
    // Only a regular file, at most THEME_MAX_BYTES: `/dev/zero` or a FIFO gets a message, not a hang.
    const base = path.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
    file = { source: path, base, read: () => readRegularTextFileSync(path, THEME_MAX_BYTES) };
  } else {
    return {
      theme: DEFAULT_THEME,
      warning: `unknown theme "${wanted}" (built-in: ${BUILTIN_THEME_NAMES.join(', ')}; or give a path to a .json file); using "dark"`,
      colourDisabled: false,
    };
  }
  try {
    const text = file.read();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
    }
    return { theme: parseTheme(raw, file.base), warning: null, colourDisabled: false };
  } catch (err) {
    const reason = (err as Error).message;
    return { theme: DEFAULT_THEME, warning: `theme ${file.source}: ${reason}; using "dark"`, colourDisabled: false };
  }
}

/** The shipped themes in cycling order (those that load cleanly). Monochrome only when colour is disabled. */
export function builtinThemes(env: NodeJS.ProcessEnv = process.env): Theme[] {
  if (colourDisabled(env)) return [MONOCHROME_THEME];
  return BUILTIN_THEME_NAMES.map((name) => loadTheme(name, env)).map((r) => r.theme);
}
