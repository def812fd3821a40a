/**
 * The AWS CLI's text layout of `validate-logs`: the header and the summary on stdout,
 * valid lines on stdout with `--verbose`, INVALID and gap lines on stderr, with its
 * blank lines exactly where it puts them.
 */
import { verdictLine } from '../../digest/cli-text.js';
import type { Verdict } from '../../digest/types.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';

/** A verdict whose S3 name and reason are safe to print (they come from the bucket). */
function safeVerdict(verdict: Verdict): Verdict {
  return {
    ...verdict,
    uri: sanitizeForTerminal(verdict.uri),
    ...(verdict.reason !== undefined ? { reason: sanitizeForTerminal(verdict.reason) } : {}),
  };
}

/** Where a line goes: stdout through its guard, or stderr. */
export interface LineOutput {
  write(text: string): unknown;
}

/** Writes the AWS CLI's text layout: valid lines on stdout (verbose), INVALID and gap lines on stderr. */
export class TextWriter {
  private lastDoubleSpace = true;

  /** `beforeStderr` runs before each line on stderr (it erases the progress line). */
  constructor(
    private readonly io: { stdout: LineOutput; stderr: LineOutput },
    private readonly verbose: boolean,
    private readonly beforeStderr: () => void,
  ) {}

  /** The "Validating log files for trail …" line and its blank line. */
  header(line: string): void {
    this.io.stdout.write(`${line}\n\n`);
  }

  /** One verdict, in the CLI's words: INVALID on stderr, valid on stdout when verbose. */
  verdict(verdict: Verdict): void {
    this.status(verdictLine(safeVerdict(verdict)), !verdict.valid);
  }

  /** A status line: errors (INVALID, gaps) on stderr between blank lines, others on stdout when verbose. */
  status(message: string, isError: boolean): void {
    if (isError) {
      this.beforeStderr();
      this.io.stderr.write(this.lastDoubleSpace ? `${message}\n\n` : `\n${message}\n\n`);
      this.lastDoubleSpace = true;
    } else if (this.verbose) {
      this.lastDoubleSpace = false;
      this.io.stdout.write(`${message}\n`);
    }
  }

  /** The closing "Results requested …" and counts. */
  summary(lines: string[]): void {
    if (!this.lastDoubleSpace) this.io.stdout.write('\n');
    this.io.stdout.write(`${lines.join('\n')}\n`);
  }
}
