/**
 * The monitor's validation runner from option words, for tests: the words are read with
 * the validation option spec the monitor spreads into its own (plus the AWS settings it
 * takes from its source options), then through the same `readValidationOptions` and
 * `validationRunner` as `runMonitorCommand`.
 */
import { parseArgs } from 'node:util';
import { readValidationOptions, VALIDATION_OPTION_SPEC } from '../../src/cli/validate/options.js';
import { validationRunner } from '../../src/cli/validation-runner.js';
import type { ValidationRunner } from '../../src/ui/index.js';

const SPEC = {
  ...VALIDATION_OPTION_SPEC,
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
} as const;

/** A runner, or the usage problem the monitor would print, for `--trail-arn ARN --start-time T ...`. */
export function validationRunnerFromArgs(argv: string[], env: NodeJS.ProcessEnv): ValidationRunner | Error {
  const { values } = parseArgs({ args: argv, options: SPEC, strict: true, allowPositionals: false });
  const options = readValidationOptions(values, new Date());
  return options instanceof Error ? options : validationRunner(options, env);
}
