/**
 * The one keymap: (context, key) -> named command, with the descriptions the footer and
 * the `?` help are generated from. Key events from Ink 6 and Ink 7 are normalised here.
 */
import type { Key } from 'ink';

/** Panes that can take focus, in Tab order. */
export const PANES = ['connections', 'changes', 'latency', 'distributions', 'firewall', 'failures', 'certificates', 'validation'] as const;

/** A pane id. */
export type PaneId = (typeof PANES)[number];

/** Where a key is interpreted: a pane (then the global map), or an overlay that captures keys. */
export type KeyContext = 'global' | PaneId | 'picker' | 'prompt' | 'help' | 'detail';

/** Every named command the UI knows. */
export type Command =
  | 'quit'
  | 'focusNext'
  | 'focusPrev'
  | 'moveUp'
  | 'moveDown'
  | 'pageUp'
  | 'pageDown'
  | 'select'
  | 'openDistributionPicker'
  | 'clearDistributions'
  | 'openStatusPicker'
  | 'openTextFilter'
  | 'clearFilters'
  | 'cycleWindow'
  | 'togglePause'
  | 'cycleTheme'
  | 'exportSnapshot'
  | 'toggleValidation'
  | 'setMark'
  | 'clearMark'
  | 'toggleZoom'
  | 'cycleSort'
  | 'filterToTopChange'
  | 'help'
  | 'toggleOption'
  | 'apply'
  | 'cancel'
  | 'deleteChar';

/**
 * Commands the App carries out itself, before the UI reducer: they act on the terminal and
 * the process, not on the UI state, and work in every context (like Ctrl-C).
 */
export type TerminalCommand = 'suspend';

const TERMINAL_COMMANDS: ReadonlySet<string> = new Set<TerminalCommand>(['suspend']);

function isUiCommand(command: Command | TerminalCommand): command is Command {
  return !TERMINAL_COMMANDS.has(command);
}

/**
 * A normalised key: a printable character as itself (`q`, `D`, `/`, ` `), or one of
 * `tab`, `shift-tab`, `up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`, `end`,
 * `enter`, `escape`, `backspace`, `ctrl-c`, `ctrl-<x>`. Multi-character input (a paste) stays as is.
 */
export type KeyName = string;

/** One row of the keymap. */
export interface Binding {
  context: KeyContext;
  keys: KeyName[];
  /** How the keys are shown (`j/k`, `Tab`). */
  label: string;
  command: Command | TerminalCommand;
  description: string;
  /** Shown in the footer of its context. */
  footer?: boolean;
  /** Short footer text (defaults to the description). */
  hint?: string;
}

/** The keymap. Context-specific rows win over `global` ones. */
export const KEYMAP: readonly Binding[] = [
  // Distributions pane
  {
    context: 'distributions',
    keys: ['up', 'k'],
    label: '↑↓',
    command: 'moveUp',
    description: 'previous distribution',
    footer: true,
    hint: 'move',
  },
  { context: 'distributions', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'next distribution' },
  {
    context: 'distributions',
    keys: ['enter'],
    label: 'Enter',
    command: 'select',
    description: 'filter to the selected distribution',
    footer: true,
    hint: 'filter to row',
  },
  {
    context: 'distributions',
    keys: ['o'],
    label: 'o',
    command: 'cycleSort',
    description: 'order rows by impact, failures, attempts, fail %, p99, name',
    footer: true,
    hint: 'order',
  },
  // Changes pane
  { context: 'changes', keys: ['up', 'k'], label: '↑↓', command: 'moveUp', description: 'previous change', footer: true, hint: 'move' },
  { context: 'changes', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'next change' },
  {
    context: 'changes',
    keys: ['enter'],
    label: 'Enter',
    command: 'select',
    description: 'filter every pane to the change (its distribution and code)',
    footer: true,
    hint: 'filter to change',
  },
  // Recent failures pane
  { context: 'failures', keys: ['up', 'k'], label: '↑↓', command: 'moveUp', description: 'previous failure', footer: true, hint: 'move' },
  { context: 'failures', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'next failure' },
  { context: 'failures', keys: ['pageup'], label: 'PgUp', command: 'pageUp', description: 'scroll up a page' },
  { context: 'failures', keys: ['pagedown'], label: 'PgDn', command: 'pageDown', description: 'scroll down a page' },
  {
    context: 'failures',
    keys: ['enter'],
    label: 'Enter',
    command: 'select',
    description: 'open the failure with every field',
    footer: true,
    hint: 'open',
  },
  // Validation pane
  {
    context: 'validation',
    keys: ['up', 'k'],
    label: '↑↓',
    command: 'moveUp',
    description: 'scroll findings up',
    footer: true,
    hint: 'scroll',
  },
  { context: 'validation', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'scroll findings down' },
  // Global
  {
    context: 'global',
    keys: ['q', 'ctrl-c'],
    label: 'q',
    command: 'quit',
    description: 'quit and restore the terminal',
    footer: true,
    hint: 'quit',
  },
  // Not in the footer (it is full at 120 columns); the help lists it.
  { context: 'global', keys: ['ctrl-z'], label: '^Z', command: 'suspend', description: 'suspend to the shell (fg resumes)' },
  { context: 'global', keys: ['tab'], label: 'Tab', command: 'focusNext', description: 'focus the next pane', footer: true, hint: 'pane' },
  { context: 'global', keys: ['shift-tab'], label: 'S-Tab', command: 'focusPrev', description: 'focus the previous pane' },
  {
    context: 'global',
    keys: ['d'],
    label: 'd',
    command: 'openDistributionPicker',
    description: 'pick distributions to filter to',
    footer: true,
    hint: 'dists',
  },
  { context: 'global', keys: ['D'], label: 'D', command: 'clearDistributions', description: 'clear the distribution filter' },
  {
    context: 'global',
    keys: ['s'],
    label: 's',
    command: 'openStatusPicker',
    description: 'filter by outcome or failure code',
    footer: true,
    hint: 'status',
  },
  {
    context: 'global',
    keys: ['/'],
    label: '/',
    command: 'openTextFilter',
    description: 'free-text filter (SNI, subject, issuer, serial, IP)',
    footer: true,
    hint: 'text',
  },
  { context: 'global', keys: ['x'], label: 'x', command: 'clearFilters', description: 'clear every filter' },
  {
    context: 'global',
    keys: ['w'],
    label: 'w',
    command: 'cycleWindow',
    description: 'change the window (1m, 5m, 15m, 1h)',
    footer: true,
    hint: 'window',
  },
  {
    context: 'global',
    keys: ['p'],
    label: 'p',
    command: 'togglePause',
    description: 'pause / resume the view (ingest continues)',
    footer: true,
    hint: 'pause',
  },
  { context: 'global', keys: ['t'], label: 't', command: 'cycleTheme', description: 'next colour theme' },
  {
    context: 'global',
    keys: ['e'],
    label: 'e',
    command: 'exportSnapshot',
    description: 'export the shown snapshot (JSON and text)',
    footer: true,
    hint: 'export',
  },
  {
    context: 'global',
    keys: ['v'],
    label: 'v',
    command: 'toggleValidation',
    description: 'start / cancel digest validation',
    footer: true,
    hint: 'validate',
  },
  {
    context: 'global',
    keys: ['m'],
    label: 'm',
    command: 'setMark',
    description: 'set a mark; panes show the change since it',
    footer: true,
    hint: 'mark',
  },
  { context: 'global', keys: ['M'], label: 'M', command: 'clearMark', description: 'clear the mark' },
  {
    context: 'global',
    keys: ['c'],
    label: 'c',
    command: 'filterToTopChange',
    description: 'filter every pane to the change the header shows',
  },
  {
    context: 'global',
    keys: ['o'],
    label: 'o',
    command: 'cycleSort',
    description: 'order the Distributions rows (impact, failures, attempts, fail %, p99, name)',
  },
  { context: 'global', keys: ['z'], label: 'z', command: 'toggleZoom', description: 'zoom: give the focused pane the whole screen' },
  { context: 'global', keys: ['?'], label: '?', command: 'help', description: 'this help', footer: true, hint: 'help' },
  // Picker overlay (distributions, statuses)
  { context: 'picker', keys: ['up'], label: '↑↓', command: 'moveUp', description: 'previous entry', footer: true, hint: 'move' },
  { context: 'picker', keys: ['down'], label: '↓', command: 'moveDown', description: 'next entry' },
  {
    context: 'picker',
    keys: [' '],
    label: 'Space',
    command: 'toggleOption',
    description: 'select / unselect (several allowed)',
    footer: true,
    hint: 'select',
  },
  { context: 'picker', keys: ['enter'], label: 'Enter', command: 'apply', description: 'apply the selection', footer: true, hint: 'apply' },
  { context: 'picker', keys: ['escape'], label: 'Esc', command: 'cancel', description: 'cancel', footer: true },
  {
    context: 'picker',
    keys: ['backspace'],
    label: 'Bksp',
    command: 'deleteChar',
    description: 'delete a typed character (type to narrow)',
    footer: true,
    hint: 'delete',
  },
  // Prompt overlay (free text, mark label)
  { context: 'prompt', keys: ['enter'], label: 'Enter', command: 'apply', description: 'apply', footer: true },
  { context: 'prompt', keys: ['escape'], label: 'Esc', command: 'cancel', description: 'cancel', footer: true },
  {
    context: 'prompt',
    keys: ['backspace'],
    label: 'Bksp',
    command: 'deleteChar',
    description: 'delete a character',
    footer: true,
    hint: 'delete',
  },
  // Help and detail overlays
  { context: 'help', keys: ['up', 'k'], label: '↑↓', command: 'moveUp', description: 'scroll up', footer: true, hint: 'scroll' },
  { context: 'help', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'scroll down' },
  {
    context: 'help',
    keys: ['escape', '?', 'q', 'enter'],
    label: 'Esc',
    command: 'cancel',
    description: 'close the help',
    footer: true,
    hint: 'close',
  },
  { context: 'detail', keys: ['up', 'k'], label: '↑↓', command: 'moveUp', description: 'scroll up', footer: true, hint: 'scroll' },
  { context: 'detail', keys: ['down', 'j'], label: '↓/j', command: 'moveDown', description: 'scroll down' },
  {
    context: 'detail',
    keys: ['escape', 'enter', 'q'],
    label: 'Esc',
    command: 'cancel',
    description: 'close the record',
    footer: true,
    hint: 'close',
  },
];

const OVERLAYS: ReadonlySet<KeyContext> = new Set(['picker', 'prompt', 'help', 'detail']);

/** True for contexts where unbound printable keys are typed text. */
export function isTextContext(context: KeyContext): boolean {
  return context === 'picker' || context === 'prompt';
}

/** Normalise an Ink `useInput` event (Ink 6 or 7 conventions) to a KeyName; null for nothing useful. */
export function normaliseKey(input: string, key: Partial<Key>): KeyName | null {
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  if (input === '\x03') return 'ctrl-c';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.escape) return 'escape';
  if (key.return) return 'enter';
  // Ink 6 reports the Backspace key (0x7f) as `delete`, Ink 7 as `backspace`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (input === '') {
    // Ink 6 sets `meta` for a lone Escape; treat that as Escape, nothing else.
    return key.meta ? 'escape' : null;
  }
  return input;
}

const CHAR_KEYS: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b': 'escape',
  '\x03': 'ctrl-c',
};

/**
 * A chunk of keys typed faster than they were read (or sent by tmux `send-keys`) as
 * single keys, one per character; the control characters that name a key (CR, LF, Tab,
 * DEL, BS, ESC, ETX) become that key's name: `" \r"` is Space, then Enter.
 */
export function splitKeys(chunk: string): KeyName[] {
  return [...chunk].map((ch) => CHAR_KEYS[ch] ?? ch);
}

/**
 * Normalise one Ink input event into the keys it carries: a multi-character input that
 * holds a named control character (`" \r"`) is split (see splitKeys), so Space-then-Enter
 * still works.
 */
export function normaliseKeys(input: string, key: Partial<Key>): KeyName[] {
  const special = key.ctrl || key.tab || key.escape || key.return || key.backspace || key.delete || key.upArrow || key.downArrow;
  if (input.length <= 1 || special || !/[\r\n\t\x7f\b\x1b\x03]/.test(input)) {
    const one = normaliseKey(input, key);
    return one === null ? [] : [one];
  }
  return splitKeys(input);
}

/** Resolve a key in a context: the context's rows first, then (outside overlays) the global rows. */
export function resolveKey(context: KeyContext, keyName: KeyName): Command | null {
  if (keyName === 'ctrl-c') return 'quit';
  for (const b of KEYMAP) if (b.context === context && b.keys.includes(keyName) && isUiCommand(b.command)) return b.command;
  if (OVERLAYS.has(context)) return null;
  for (const b of KEYMAP) if (b.context === 'global' && b.keys.includes(keyName) && isUiCommand(b.command)) return b.command;
  return null;
}

/** The terminal command a key triggers, in any context (overlays included), or null. */
export function resolveTerminalKey(keyName: KeyName): TerminalCommand | null {
  for (const b of KEYMAP) if (b.context === 'global' && b.keys.includes(keyName) && !isUiCommand(b.command)) return b.command;
  return null;
}

/** Bindings shown in the footer for a context: its own first, then the global ones (outside overlays). */
export function footerBindings(context: KeyContext): Binding[] {
  const own = KEYMAP.filter((b) => b.context === context && b.footer);
  if (OVERLAYS.has(context) || context === 'global') return own.length > 0 ? own : KEYMAP.filter((b) => b.context === 'global' && b.footer);
  return [...own, ...KEYMAP.filter((b) => b.context === 'global' && b.footer)];
}

/** Help text rows grouped by context title, generated from the keymap. */
export function helpSections(): Array<{ title: string; rows: Array<{ keys: string; description: string }> }> {
  const titles: Record<KeyContext, string> = {
    global: 'Everywhere',
    connections: 'Connections',
    changes: 'Changes pane',
    latency: 'Latency',
    distributions: 'Distributions pane',
    firewall: 'Firewall',
    failures: 'Recent failures pane',
    certificates: 'Certificates',
    validation: 'Validation pane',
    picker: 'Pickers (d, s)',
    prompt: 'Prompts (/, m)',
    help: 'Help',
    detail: 'Failure detail',
  };
  const order: KeyContext[] = ['global', 'changes', 'distributions', 'failures', 'validation', 'picker', 'prompt', 'detail'];
  return order.map((context) => ({
    title: titles[context],
    rows: KEYMAP.filter((b) => b.context === context).map((b) => ({
      keys: b.keys.map(displayKey).join(' '),
      description: b.description,
    })),
  }));
}

function displayKey(k: KeyName): string {
  const names: Record<string, string> = {
    up: '↑',
    down: '↓',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'shift-tab': 'Shift-Tab',
    backspace: 'Backspace',
    'ctrl-c': 'Ctrl-C',
    'ctrl-z': 'Ctrl-Z',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    ' ': 'Space',
  };
  return names[k] ?? k;
}
