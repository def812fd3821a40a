/**
 * Report tables are laid out in terminal columns: a CJK or emoji cell takes two columns a
 * character, and the columns after it stay aligned; a cell is cut to its column's width in
 * columns, not in characters.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/report/table.js';

/** The terminal column where `needle` starts on `line`. */
const columnOf = (line: string, needle: string) => stringWidth(line.slice(0, line.indexOf(needle)));

describe('formatTable in terminal columns', () => {
  it('keeps the columns after a wide cell aligned', () => {
    const out = formatTable(
      [{ header: 'Subject' }, { header: 'Count', align: 'right' }, { header: 'Tail' }],
      [
        ['CN=plain', '1', 'x'],
        ['CN=測試デバイス', '22', 'y'],
        ['CN=😀😀', '333', 'z'],
      ],
    );
    const lines = out.split('\n');
    const tails = lines.map((l, i) => columnOf(l, i === 0 ? 'Tail' : ['x', 'y', 'z'][i - 1]!));
    expect(new Set(tails).size).toBe(1);
    const counts = lines.slice(1).map((l, i) => columnOf(l, ['1', '22', '333'][i]!) + ['1', '22', '333'][i]!.length);
    expect(new Set(counts).size).toBe(1);
  });

  it('cuts a wide cell to its maximum width in columns', () => {
    const out = formatTable([{ header: 'Subject', maxWidth: 10 }], [['測試測試測試測試']]);
    const cell = out.split('\n')[1]!;
    expect(stringWidth(cell)).toBeLessThanOrEqual(10);
    expect(cell).toBe('測試測試…');
  });
});
