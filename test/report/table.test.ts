import { describe, expect, it } from 'vitest';
import { formatCount, formatMs, formatPercent, formatTable } from '../../src/report/table.js';

describe('formatTable', () => {
  it('aligns columns and trims trailing spaces', () => {
    const out = formatTable(
      [{ header: 'Status' }, { header: 'Count', align: 'right' }],
      [
        ['Success', '1,000'],
        ['Failed:ClientCertExpired', '7'],
      ],
    );
    expect(out).toBe(['Status                    Count', 'Success                   1,000', 'Failed:ClientCertExpired      7'].join('\n'));
  });
  it('escapes hostile cells and cuts them to the column width', () => {
    const out = formatTable([{ header: 'SNI', maxWidth: 10 }], [['\u001b]0;pwned\u0007.example.com']]);
    expect(out).not.toContain('\u001b');
    expect(out.split('\n')[1]).toBe('\\x1b]0;pw…');
  });
});

describe('number formats', () => {
  it('formats counts, percents and milliseconds', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.0345)).toBe('3.5%');
    expect(formatMs(null)).toBe('-');
    expect(formatMs(153)).toBe('153');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(1.2345)).toBe('1.23');
  });
});
