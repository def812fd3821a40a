/**
 * The `tlstop validate` command line: its option table (the shared validation options plus
 * the command's own) read with `node:util` parseArgs, and a thin adapter that keeps the
 * command's own usage messages, which parseArgs words differently: `unknown option --x`,
 * `--x needs a value`, `--verbose takes no value`, `unexpected argument "x"`. As before, a
 * value option takes the next word whatever it is, and `-h` means help where it stands.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VALIDATION_OPTION_SPEC, type ValidationValues } from './options.js';

/** Every option of `tlstop validate`. */
export const VALIDATE_OPTION_SPEC = {
  ...VALIDATION_OPTION_SPEC,
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  concurrency: { type: 'string' },
  verbose: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Parsed `tlstop validate` values: the validation values and the output flags. */
export type ValidateValues = ValidationValues & { verbose?: boolean | undefined; json?: boolean | undefined };

/** The name in `--name` or `--name=value`, as the usage messages quote it. */
function longName(arg: string): string {
  const eq = arg.indexOf('=');
  return arg.slice(2, eq >= 0 ? eq : undefined);
}

/** What the words after `validate` ask for: the help, or a validation with these values. */
export type ValidateCommandLine = { help: true } | { help: false; values: ValidateValues };

/**
 * Read the words after `validate`, or return the first problem as an Error (checked word by
 * word, left to right; `-h` is help where it stands, `--help` once every word is fine).
 */
export function parseValidateArgv(argv: string[]): ValidateCommandLine | Error {
  // Not strict: parseArgs would throw its own messages; each token is checked below instead.
  const { values, tokens } = parseArgs({ args: argv, options: VALIDATE_OPTION_SPEC, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    const arg = argv[token.index]!;
    if (arg === '-h') return { help: true };
    // `--` too is read as an option (named ""), not as the end of the options.
    if (!arg.startsWith('--')) return new Error(`unexpected argument "${arg}"`);
    const name = longName(arg);
    const known = token.kind === 'option' && Object.hasOwn(VALIDATE_OPTION_SPEC, name);
    if (!known) return new Error(`unknown option --${name}`);
    const option = VALIDATE_OPTION_SPEC[name as keyof typeof VALIDATE_OPTION_SPEC];
    if (option.type === 'boolean') {
      if (token.inlineValue) return new Error(`--${name} takes no value`);
    } else if (token.value === undefined) {
      return new Error(`--${name} needs a value`);
    }
  }
  if (values.help) return { help: true };
  // Every token passed the checks: string options hold strings and flags hold true.
  return { help: false, values: values as ValidateValues };
}
