/**
 * Validation runners for the TUI's digest panel (the `v` key): the same
 * `validateDigestChain` that `tlstop validate` runs, bound to its inputs.
 */
import { validateDigestChain } from '../digest/index.js';
import { FilePublicKeys, LocalDigestStore } from '../digest-io/index.js';
import type { DemoChain } from '../sources/demo/demo-chain.js';
import type { ValidationRunner } from '../ui/index.js';
import { prepareValidation } from './validate-command.js';

/** Monitor options passed through to validation, with the meaning they have in `tlstop validate`. */
export const VALIDATION_OPTION_NAMES = [
  'trail-arn',
  'start-time',
  'end-time',
  's3-bucket',
  's3-prefix',
  'account-id',
  'public-keys',
  'local',
] as const;

/** Runner for the demo's locally signed chain. */
export function demoValidationRunner(chain: DemoChain): ValidationRunner {
  return {
    describe: `demo trail ${chain.trailArn}, local copy ${chain.localDir}`,
    async start(signal, callbacks) {
      const publicKeys = new FilePublicKeys(chain.publicKeysPath);
      await publicKeys.load();
      return validateDigestChain(
        {
          trailArn: chain.trailArn,
          start: new Date(chain.startTime),
          end: new Date(chain.endTime),
          bucket: chain.bucket,
          prefix: chain.prefix || undefined,
          store: new LocalDigestStore(chain.localDir, chain.bucket),
          publicKeys,
          concurrency: 4,
        },
        callbacks,
        signal,
      );
    },
  };
}

/**
 * Runner from `tlstop validate` arguments. Usage problems are returned as an Error at
 * start-up; AWS problems surface when the user presses `v` (the panel shows them).
 */
export function validationRunnerFromArgs(argv: string[], env: NodeJS.ProcessEnv): ValidationRunner | Error {
  const prepared = prepareValidation(argv, env);
  if (prepared instanceof Error) return prepared;
  return {
    describe: prepared.describe,
    async start(signal, callbacks) {
      const options = await prepared.resolve(signal);
      return validateDigestChain(options, callbacks, signal);
    },
  };
}
