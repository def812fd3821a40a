/**
 * Validation runners for the TUI's digest panel (the `v` key): the same
 * `validateDigestChain` that `tlstop validate` runs, bound to its inputs.
 */
import { describeAwsError } from '../aws/client-options.js';
import { validateDigestChain } from '../digest/index.js';
import { FilePublicKeys } from '../digest-io/file-public-keys.js';
import { LocalDigestStore } from '../digest-io/local-digest-store.js';
import type { DemoChain } from '../sources/demo/demo-chain.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { ValidationRunner } from '../ui/index.js';
import type { ValidationOptions } from './validate/options.js';
import { isWordedError, localCopyProblem, resolveValidation } from './validate/resolve.js';

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
 * Runner for validation options (the monitor's, read by `readValidationOptions`). Problems
 * with the inputs (a `--local` that is not a readable directory, a bad `--public-keys` file)
 * are returned as an Error at start-up; AWS problems surface when the user presses `v`
 * (the panel shows them).
 */
export function validationRunner(options: ValidationOptions, env: NodeJS.ProcessEnv): ValidationRunner | Error {
  const localProblem = localCopyProblem(options);
  if (localProblem) return new Error(localProblem);
  // The key file too is read now: a FIFO, a device or a bad file is a usage error at start-up.
  let fileKeys: FilePublicKeys | undefined;
  if (options.publicKeys !== undefined) {
    fileKeys = new FilePublicKeys(options.publicKeys);
    try {
      fileKeys.loadSync();
    } catch (error) {
      return new Error((error as Error).message);
    }
  }
  const where = options.local
    ? `local copy ${sanitizeForTerminal(options.local)}`
    : options.bucket
      ? `s3://${options.bucket}/${options.prefix ?? ''}`
      : "the trail's bucket";
  return {
    describe: `trail ${options.trailArn} from ${options.start.toISOString()} to ${options.end.toISOString()}, ${where}`,
    async start(signal, callbacks) {
      let resolved;
      try {
        resolved = await resolveValidation(options, env, signal, fileKeys);
      } catch (error) {
        if (isWordedError(error)) throw error;
        throw new Error(describeAwsError(error), { cause: error });
      }
      return validateDigestChain(resolved, callbacks, signal);
    },
  };
}
