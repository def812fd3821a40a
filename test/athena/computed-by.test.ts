/** The text report says when Athena computed it, how its percentiles were made, and what it left out. */
import { expect, it } from 'vitest';
import { ATHENA_PERCENTILES, ATHENA_TOP_TABLES, NOT_COMPUTED_BY_ATHENA } from '../../src/athena/index.js';
import { createReportAggregator } from '../../src/aggregation/index.js';
import { buildReportDocument } from '../../src/report/report-document.js';
import { formatReportText } from '../../src/report/report-text.js';

it('prints the engine, the table, the queries, the bytes scanned, the percentiles and what was not computed', () => {
  const doc = {
    ...buildReportDocument(createReportAggregator()),
    computedBy: {
      engine: 'athena' as const,
      table: 'mtls.logs\u001b[2J',
      percentiles: ATHENA_PERCENTILES,
      topTables: ATHENA_TOP_TABLES,
      queryExecutionIds: ['a', 'b', 'c'],
      scannedBytes: 12_345_678_901,
      notComputed: NOT_COMPUTED_BY_ATHENA,
    },
  };
  const text = formatReportText(doc, { inputs: 'Athena mtls.logs' });
  expect(text).toContain('Computed by Amazon Athena over mtls.logs');
  expect(text).toContain('(3 queries, 12,346 MB scanned); handshake percentiles from approx_percentile');
  expect(text).toContain('top tables exact (GROUP BY over every record');
  expect(text).toContain('Not computed by Athena (empty here): changes, firewall, malformed');
  expect(text).not.toContain('\u001b');
});
