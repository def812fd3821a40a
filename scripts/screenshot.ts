/**
 * Renders a PNG of the running monitor for the README: starts `tlstop --demo` in a
 * tmux session of a fixed size, lets the story play, presses the given keys (by default
 * `v`, which validates the demo's digest chain), captures the pane with its colours
 * (`capture-pane -e -p`), turns the ANSI text into an SVG (this file, pure code), and
 * rasterises the SVG with `rsvg-convert` (Debian package librsvg2-bin).
 *
 *   npm run build && npx tsx scripts/screenshot.ts [--out docs/screenshot.png]
 *     [--cols 120] [--rows 40] [--after 55] [--keys "v"] [--ansi FILE]
 *     [--command "node bin/tlstop.js --demo --theme light"]
 *
 * `--ansi FILE` skips tmux and renders a capture saved before (`tmux capture-pane -e -p`).
 * Needs tmux, rsvg-convert and the DejaVu Sans Mono font (fonts-dejavu-core).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A cell style: colours as CSS strings (null: the default), and attributes. */
interface Style {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  strike: boolean;
}

const PLAIN: Style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false };

/** The 16 base colours (a dark, xterm-like palette). */
const BASE16 = [
  '#1c1c1c',
  '#e05561',
  '#8cc265',
  '#d18f52',
  '#4aa5f0',
  '#c162de',
  '#42b3c2',
  '#d7dae0',
  '#5c6370',
  '#ff616e',
  '#a5e075',
  '#f0a45d',
  '#4dc4ff',
  '#de73ff',
  '#4cd1e0',
  '#ffffff',
];

/** Colours of the rendering. */
export interface Palette {
  foreground: string;
  background: string;
  base16: readonly string[];
}

/** The default palette (dark). */
export const DEFAULT_PALETTE: Palette = { foreground: '#d7dae0', background: '#1c1c1c', base16: BASE16 };

function hex(n: number): string {
  return Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');
}

/** CSS colour of xterm-256 colour `n`. */
export function xterm256(n: number, palette: Palette = DEFAULT_PALETTE): string {
  if (n < 16) return palette.base16[n] ?? palette.foreground;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${hex(level(i % 6))}`;
  }
  const gray = 8 + (n - 232) * 10;
  return `#${hex(gray)}${hex(gray)}${hex(gray)}`;
}

/** Applies one SGR parameter list (`1;38;5;208`) to a style. */
function applySgr(style: Style, params: number[], palette: Palette): Style {
  const s = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i] ?? 0;
    if (p === 0) Object.assign(s, PLAIN);
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = palette.base16[p - 30] ?? null;
    else if (p >= 90 && p <= 97) s.fg = palette.base16[p - 90 + 8] ?? null;
    else if (p >= 40 && p <= 47) s.bg = palette.base16[p - 40] ?? null;
    else if (p >= 100 && p <= 107) s.bg = palette.base16[p - 100 + 8] ?? null;
    else if (p === 39) s.fg = null;
    else if (p === 49) s.bg = null;
    else if (p === 38 || p === 48) {
      let colour: string | null = null;
      if (params[i + 1] === 5) {
        colour = xterm256(params[i + 2] ?? 0, palette);
        i += 2;
      } else if (params[i + 1] === 2) {
        colour = `#${hex(params[i + 2] ?? 0)}${hex(params[i + 3] ?? 0)}${hex(params[i + 4] ?? 0)}`;
        i += 4;
      }
      if (p === 38) s.fg = colour;
      else s.bg = colour;
    }
  }
  return s;
}

/** One screen cell. */
export interface Cell {
  ch: string;
  style: Style;
}

/** Parses ANSI text (SGR colours only; other escapes are dropped) into rows of cells. */
export function parseAnsi(text: string, palette: Palette = DEFAULT_PALETTE): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let style = PLAIN;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\u001b') {
      const csi = /^\u001b\[([0-9;:]*)([A-Za-z])/.exec(text.slice(i, i + 64));
      if (csi) {
        if (csi[2] === 'm')
          style = applySgr(
            style,
            (csi[1] ?? '')
              .split(/[;:]/)
              .filter((x) => x !== '')
              .map(Number),
            palette,
          );
        i += csi[0].length - 1;
        continue;
      }
      const osc = /^\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/.exec(text.slice(i, i + 512));
      if (osc) {
        i += osc[0].length - 1;
        continue;
      }
      continue; // a lone ESC: drop it
    }
    if (ch === '\n') {
      rows.push(row);
      row = [];
      continue;
    }
    if (ch === '\r') continue;
    const code = ch.codePointAt(0) ?? 32;
    if (code < 32) continue;
    const glyph = code > 0xffff ? String.fromCodePoint(code) : ch;
    if (code > 0xffff) i++;
    row.push({ ch: glyph, style });
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function sameStyle(a: Style, b: Style): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse &&
    a.strike === b.strike
  );
}

/** Options of ansiToSvg. */
export interface SvgOptions {
  cols: number;
  rows: number;
  fontSize?: number;
  fontFamily?: string;
  palette?: Palette;
}

/** Renders ANSI text as an SVG image of a terminal of `cols` x `rows` cells. */
export function ansiToSvg(ansi: string, options: SvgOptions): string {
  const palette = options.palette ?? DEFAULT_PALETTE;
  const fontSize = options.fontSize ?? 14;
  const cellW = fontSize * 0.602; // DejaVu Sans Mono advance width
  const cellH = Math.round(fontSize * 1.25);
  const pad = 14;
  const width = Math.ceil(options.cols * cellW + pad * 2);
  const height = Math.ceil(options.rows * cellH + pad * 2);
  const family = options.fontFamily ?? "'DejaVu Sans Mono', monospace";
  const rects: string[] = [];
  const texts: string[] = [];
  const grid = parseAnsi(ansi, palette).slice(0, options.rows);
  grid.forEach((cells, y) => {
    const top = pad + y * cellH;
    let x = 0;
    while (x < Math.min(cells.length, options.cols)) {
      const start = x;
      const style = cells[x]!.style;
      let run = '';
      while (x < Math.min(cells.length, options.cols) && sameStyle(cells[x]!.style, style)) {
        run += cells[x]!.ch;
        x++;
      }
      const fg = (style.inverse ? style.bg : style.fg) ?? (style.inverse ? palette.background : palette.foreground);
      const bg = style.inverse ? (style.fg ?? palette.foreground) : style.bg;
      const left = pad + start * cellW;
      const runW = (x - start) * cellW;
      if (bg) rects.push(`<rect x="${left.toFixed(2)}" y="${top}" width="${runW.toFixed(2)}" height="${cellH}" fill="${bg}"/>`);
      if (run.trim() === '') continue;
      const attrs = [
        `x="${left.toFixed(2)}"`,
        `y="${(top + fontSize).toFixed(2)}"`,
        `fill="${fg}"`,
        `textLength="${runW.toFixed(2)}"`,
        'lengthAdjust="spacingAndGlyphs"',
      ];
      if (style.bold) attrs.push('font-weight="bold"');
      if (style.italic) attrs.push('font-style="italic"');
      if (style.dim) attrs.push('opacity="0.6"');
      const deco = [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean).join(' ');
      if (deco) attrs.push(`text-decoration="${deco}"`);
      texts.push(`<text ${attrs.join(' ')}>${escapeXml(run)}</text>`);
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" rx="8" fill="${palette.background}"/>`,
    ...rects,
    `<g font-family="${family}" font-size="${fontSize}" xml:space="preserve">`,
    ...texts,
    '</g>',
    '</svg>',
  ].join('\n');
}

/** Rasterises an SVG file to PNG with rsvg-convert. */
export function svgToPng(svgPath: string, pngPath: string): void {
  execFileSync('rsvg-convert', ['--format', 'png', '--output', pngPath, svgPath], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function argValue(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs the demo under tmux and returns the coloured capture of its pane. */
function captureDemo(repo: string, command: string, cols: number, rows: number, afterSeconds: number, keys: string[]): string {
  const socket = `tlstop-shot-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const tmp = mkdtempSync(join(tmpdir(), 'tlstop-shot-'));
  try {
    tmux(
      'new-session',
      '-d',
      '-s',
      'shot',
      '-x',
      String(cols),
      '-y',
      String(rows),
      '-c',
      repo,
      '-e',
      'TERM=xterm-256color',
      '-e',
      'COLORTERM=truecolor',
      '-e',
      `TMPDIR=${tmp}`,
      command,
    );
    sleep(afterSeconds * 1000);
    for (const key of keys) {
      tmux('send-keys', '-t', 'shot', key);
      sleep(1500);
    }
    return tmux('capture-pane', '-e', '-p', '-t', 'shot');
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

function main(args: string[]): void {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(argValue(args, '--out', join(repo, 'docs/screenshot.png')));
  const cols = Number(argValue(args, '--cols', '120'));
  const rows = Number(argValue(args, '--rows', '40'));
  const after = Number(argValue(args, '--after', '55'));
  const keys = argValue(args, '--keys', 'v').split(/\s+/).filter(Boolean);
  const ansiFile = argValue(args, '--ansi', '');
  const command = argValue(args, '--command', 'node bin/tlstop.js --demo');
  const ansi = ansiFile ? readFileSync(ansiFile, 'utf8') : captureDemo(repo, command, cols, rows, after, keys);
  const svgPath = out.replace(/\.png$/, '') + '.svg';
  writeFileSync(svgPath, ansiToSvg(ansi, { cols, rows }));
  svgToPng(svgPath, out);
  rmSync(svgPath, { force: true });
  process.stdout.write(`wrote ${out}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
