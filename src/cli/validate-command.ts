/**
 * `tlstop validate`: the headless CloudTrail digest-chain validator. Same options, lines,
 * order and exit statuses as `aws cloudtrail validate-logs`, plus `--local`,
 * `--public-keys`, `--concurrency` and `--json`. The parts are in `validate/`: the options
 * (shared with the monitor), the command line, the help, the text layout, the progress
 * line, the AWS clients and the resolution of the validator's inputs.
 */
import { validateDigestChain } from '../digest/validate-chain.js';
import type { Gap } from '../digest/types.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { guardOutput, outputFailed, type CliIo } from './io.js';
import { parseValidateArgv } from './validate/command-line.js';
import { VALIDATE_HELP } from './validate/help.js';
import { readValidationOptions } from './validate/options.js';
import { ProgressLine } from './validate/progress-line.js';
import { resolveValidation, validationErrorMessage } from './validate/resolve.js';
import { TextWriter } from './validate/text-writer.js';

/** Streams the command writes to (tests pass buffers). */
export type ValidateIo = CliIo;

/** Parse the words after `validate`: the checked options and the output flags, help, or the usage problem. */
function readCommandLine(argv: string[], now: Date) {
  const commandLine = parseValidateArgv(argv);
  if (commandLine instanceof Error || commandLine.help) return commandLine;
  const { values } = commandLine;
  const options = readValidationOptions(values, now);
  if (options instanceof Error) return options;
  return { help: false as const, options, verbose: values.verbose ?? false, json: values.json ?? false };
}

/**
 * Run `tlstop validate` with `argv` (the words after `validate`); resolves with the exit
 * status: 0 all valid, 1 anything invalid, 2 usage error or fatal error.
 */
export async function runValidateCommand(
  argv: string[],
  io: ValidateIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const parsed = readCommandLine(argv, new Date());
  if (parsed instanceof Error) {
    io.stderr.write(`tlstop validate: ${sanitizeForTerminal(parsed.message)}\nRun \`tlstop validate --help\` for the options.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr) : null;
  // stdout goes through a guard: when its reader goes away (`tlstop validate ... | head`),
  // the validation stops instead of reading the rest of the chain for nobody.
  const out = guardOutput(io);
  const stdout = { write: (text: string) => out.write(text) };
  const stopped = AbortSignal.any([signal, out.signal]);
  try {
    const options = await resolveValidation(parsed.options, io.env, stopped);

    const text = new TextWriter({ stdout, stderr: io.stderr }, parsed.verbose, () => progress?.clear());
    const json = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
    const summary = await validateDigestChain(
      options,
      {
        onInfo: (line) => {
          if (!parsed.json) text.header(line);
        },
        onVerdict: (verdict) => {
          if (parsed.json) json({ type: 'verdict', ...verdict });
          else text.verdict(verdict);
        },
        onGap: (gap: Gap) => {
          if (parsed.json) json({ type: 'gap', ...gap });
          else text.status(gap.message, true);
        },
        onProgress: (p) => progress?.update(p),
      },
      stopped,
    );
    progress?.clear();
    if (parsed.json) json({ type: 'summary', ...summary });
    else text.summary(summary.summaryLines);
    await out.flush();
    if (out.closed) return closedOutput(io, out.failure);
    return summary.anyInvalid ? 1 : 0;
  } catch (error) {
    progress?.clear();
    if (out.closed) return closedOutput(io, out.failure);
    io.stderr.write(`tlstop validate: ${sanitizeForTerminal(validationErrorMessage(error))}\n`);
    return 2;
  } finally {
    out.dispose();
  }
}

/** The reader of stdout went away (exit 0, quietly, as `events` and `report` do), or stdout failed (exit 2, named). */
function closedOutput(io: ValidateIo, failure: Error | null): number {
  return failure ? outputFailed(io, 'validate', failure) : 0;
}
