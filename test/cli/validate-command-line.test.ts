/**
 * `tlstop validate` reads its words with node:util parseArgs through a thin adapter that
 * keeps the command's own usage messages (parseArgs words them differently) and its
 * reading: a value option takes the next word whatever it is, `-h` is help where it stands.
 */
import { describe, expect, it } from 'vitest';
import { parseValidateArgv } from '../../src/cli/validate/command-line.js';
import { runValidate } from '../digest/run-validate.js';

const USAGE = 'Run `tlstop validate --help` for the options.\n';

describe('tlstop validate command line', () => {
  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--no-json'], 'unknown option --no-json'],
    [['--'], 'unknown option --'],
    [['--=x'], 'unknown option --'],
    [['--toString'], 'unknown option --toString'],
    [['--verbose=1'], '--verbose takes no value'],
    [['--json='], '--json takes no value'],
    [['--trail-arn'], '--trail-arn needs a value'],
    [['extra'], 'unexpected argument "extra"'],
    [['-hv'], 'unexpected argument "-hv"'],
    [['-x'], 'unexpected argument "-x"'],
    [['--help', '--bogus'], 'unknown option --bogus'],
    [['--start-time', '2026-11-20'], 'the following arguments are required: --trail-arn'],
  ])('%j: exit 2, %s', async (argv, message) => {
    expect(await runValidate(argv)).toEqual({ code: 2, stdout: '', stderr: `tlstop validate: ${message}\n${USAGE}` });
  });

  it('-h is help where it stands, --help once every word is fine', async () => {
    for (const argv of [['-h'], ['-h', '--bogus'], ['--help'], ['--verbose', '--help']]) {
      const result = await runValidate(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: tlstop validate --trail-arn ARN --start-time T \[options\]\n/);
    }
  });

  it('a value option takes the next word, even one that looks like an option; the last one counts', () => {
    expect(parseValidateArgv(['--s3-prefix', '--verbose', '--region', '-h', '--local=a=b', '--profile', 'a', '--profile', 'b'])).toEqual({
      help: false,
      values: { 's3-prefix': '--verbose', region: '-h', local: 'a=b', profile: 'b' },
    });
  });
});
