import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansiToSvg, parseAnsi, svgToPng, xterm256 } from '../../scripts/screenshot.js';
import { itWithTool } from '../helpers/tools.js';

const CAPTURE =
  '\u001b[1m\u001b[31mbold red\u001b[0m\u001b[39m\u001b[49m \u001b[38;5;208morange\u001b[39m \u001b[7minv\u001b[0m <&>\n\u001b[48;2;40;80;160m bg \u001b[49m ▁▂▃█\n';

describe('screenshot: ANSI capture to SVG', () => {
  it('parses SGR colours and attributes into cells', () => {
    const rows = parseAnsi(CAPTURE);
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toMatchObject({ ch: 'b', style: { bold: true, fg: '#e05561' } });
    expect(rows[0]![9]!.style.fg).toBe(xterm256(208));
    expect(rows[0]![16]!.style.inverse).toBe(true);
    expect(rows[1]![1]!.style.bg).toBe('#2850a0');
    expect(rows[1]!.map((c) => c.ch).join('')).toBe(' bg  ▁▂▃█');
  });

  it('maps the 256-colour cube and grey ramp', () => {
    expect(xterm256(16)).toBe('#000000');
    expect(xterm256(231)).toBe('#ffffff');
    expect(xterm256(232)).toBe('#080808');
  });

  it('writes text runs and background rects, escaping XML', () => {
    const svg = ansiToSvg(CAPTURE, { cols: 40, rows: 4 });
    expect(svg).toContain('font-weight="bold"');
    expect(svg).toContain('&lt;&amp;&gt;');
    expect(svg).toContain('fill="#2850a0"');
    expect(svg).not.toContain('\u001b');
  });

  itWithTool('rsvg-convert', 'rasterises to a PNG with rsvg-convert', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlstop-shot-test-'));
    try {
      writeFileSync(join(dir, 'a.svg'), ansiToSvg(CAPTURE, { cols: 40, rows: 4 }));
      svgToPng(join(dir, 'a.svg'), join(dir, 'a.png'));
      const png = readFileSync(join(dir, 'a.png'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
