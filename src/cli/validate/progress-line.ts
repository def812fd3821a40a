/** The progress line `tlstop validate` draws on a terminal's stderr while it walks the chain. */
import type { ValidationProgress } from '../../digest/types.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import type { CliIo } from '../io.js';

/** A one-line progress display on a TTY stderr, redrawn at most every 100 ms. */
export class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: CliIo['stderr']) {}

  /** Redraw with the latest counts (digests, log files, MB, MB/s, current file), unless drawn under 100 ms ago. */
  update(p: ValidationProgress): void {
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const seconds = Math.max(0.001, (now - p.startedAtMs) / 1000);
    const mb = p.bytes / 1e6;
    const digests = `${p.digestsDone}/${p.digestsKnown ?? '?'} digests`;
    const logs = `${p.logFilesDone}/${p.logFilesKnown} log files`;
    const current = p.current ? ` ${sanitizeForTerminal(p.current.split('/').pop() ?? '', 60)}` : '';
    const text = `${digests}, ${logs}, ${mb.toFixed(1)} MB, ${(mb / seconds).toFixed(1)} MB/s${current}`;
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    this.stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.shown = true;
  }

  /** Erase the line if it is drawn (before other stderr output, and at the end). */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
