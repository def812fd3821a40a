import { describe, expect, it } from 'vitest';
import { FILTER_IN_EXPORT, FILTER_IN_REPORT, FILTER_ON_SCREEN, filterText } from '../../src/aggregation/filter-text.js';
import { EMPTY_FILTER } from '../../src/aggregation/types.js';

const full = { distributions: ['E2DX1SLDPK0123', 'E3'], tenants: ['t1'], statuses: ['Failed', 'Failed:ClientCertUntrusted'], text: 'api' };

describe('filterText: one function, the form of each place that writes a filter', () => {
  it('writes the header form, escaped and cut', () => {
    expect(filterText(full, FILTER_ON_SCREEN)).toBe(
      'dist E2DX1SLDPK0123,E3 · tenant t1 · status Failed,Failed:ClientCertUntrusted · text "api"',
    );
    expect(filterText(EMPTY_FILTER, FILTER_ON_SCREEN)).toBe('none');
    expect(filterText({ ...EMPTY_FILTER, distributions: ['E'.repeat(30)], text: '\x1b]0;x\x07' }, FILTER_ON_SCREEN)).toBe(
      `dist ${'E'.repeat(19)}… · text "\\x1b]0;x\\x07"`,
    );
  });

  it('writes the export form, values as they are (the export escapes its text as a whole)', () => {
    expect(filterText(full, FILTER_IN_EXPORT)).toBe(
      'distributions E2DX1SLDPK0123, E3; tenants t1; status Failed, Failed:ClientCertUntrusted; text "api"',
    );
    expect(filterText(EMPTY_FILTER, FILTER_IN_EXPORT)).toBe('');
  });

  it('writes the report form', () => {
    expect(filterText({ ...EMPTY_FILTER, distributions: ['E1', 'E\x1b2'] }, FILTER_IN_REPORT)).toBe('distributions: E1, E\\x1b2');
    expect(filterText(EMPTY_FILTER, FILTER_IN_REPORT)).toBe('');
  });
});
