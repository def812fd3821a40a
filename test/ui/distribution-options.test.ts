import { describe, expect, it } from 'vitest';
import { distributionOptions } from '../../src/ui/distribution-options.js';
import { lineText } from '../../src/ui/lines.js';
import { distributionsLines } from '../../src/ui/panes/distributions.js';
import { distRow } from './fixtures.js';

describe('the distribution picker entries', () => {
  it('sum tenant rows, count each ongoing change once, order by impact then failures, and keep ids with no row last', () => {
    const rows = [
      distRow('E1', { tenantId: 't1', attempts: 100, failures: 10 }),
      distRow('E1', { tenantId: 't2', attempts: 300, failures: 30 }),
      distRow('E2', { attempts: 1000, failures: 500 }),
      distRow('E3', { attempts: 50, failures: 1 }),
    ];
    const changes = [
      { distributionId: 'E3', end: null, excessFailures: 2 },
      { distributionId: 'E1', end: null, excessFailures: 1 },
      { distributionId: 'E2', end: 1000, excessFailures: 50 },
      { distributionId: null, end: null, excessFailures: 9 },
    ];
    expect(distributionOptions(rows, ['E9', 'E1'], changes)).toEqual([
      { id: 'E3', attempts: 50, failureRate: 0.02 },
      { id: 'E1', attempts: 400, failureRate: 0.1 },
      { id: 'E2', attempts: 1000, failureRate: 0.5 },
      { id: 'E9', attempts: 0, failureRate: 0 },
    ]);
  });
});

describe('names from --resolve-names in the Distributions table', () => {
  it('replace the SNI on every row of the distribution, escaped, under a Name header', () => {
    const rows = [
      distRow('E1ABC', { tenantId: 't1', sni: null }),
      distRow('E2DEF', { sni: 'api.example.com' }),
      distRow('E3GHI', { sni: 'other.example.com' }),
    ];
    const lines = distributionsLines(rows, {
      width: 200,
      height: 8,
      focused: false,
      cursor: 0,
      alerting: new Set(),
      names: { E1ABC: 'shop\u001b]0;x\u0007', E2DEF: 'payments-prod' },
    }).map(lineText);
    expect(lines[1]).toContain('Name');
    expect(lines.find((l) => l.includes('E1ABC'))).toContain('shop\\x1b]0;x\\x07');
    expect(lines.find((l) => l.includes('E2DEF'))).toContain('payments-prod');
    expect(lines.find((l) => l.includes('E3GHI'))).toContain('other.example.com');
    expect(lines.join('\n')).not.toContain('\u001b');
  });
});
