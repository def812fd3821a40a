/** Writes a report document to stdout, as JSON or text, ending quietly when the reader goes away. */
import { terminalSafeJson } from '../report/event-line.js';
import type { ReportDocument } from '../report/report-document.js';
import { formatReportText } from '../report/report-text.js';
import { EXIT, guardOutput, outputFailed, type CliIo } from './io.js';

/** EXIT.ok, or the status of a failed write; `closed` when the reader went away (`tlstop report | head -1`). */
export async function writeReport(
  io: CliIo,
  doc: ReportDocument,
  options: { json: boolean; inputs: string },
): Promise<{ status: number; closed: boolean }> {
  const out = guardOutput(io);
  try {
    out.write(options.json ? terminalSafeJson(doc) + '\n' : formatReportText(doc, { inputs: options.inputs }));
    await out.flush();
    if (out.closed) return { status: out.failure ? outputFailed(io, 'report', out.failure) : EXIT.ok, closed: true };
    return { status: EXIT.ok, closed: false };
  } finally {
    out.dispose();
  }
}
