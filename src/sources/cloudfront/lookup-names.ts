/**
 * The names look-up (`--resolve-names`) for the commands: it imports the CloudFront client
 * only when asked for, so a run without the option never loads it.
 */
import type { DistributionNameOptions, DistributionNames } from './distribution-names.js';
import { NAMES_LABEL, NAMES_STATUS_ID } from './names-status.js';

/** Never rejects, as resolveDistributionNames: a client that cannot load is a status, and the IDs show. */
export async function lookUpDistributionNames(options: DistributionNameOptions, signal: AbortSignal): Promise<DistributionNames> {
  let lookUp: typeof import('./distribution-names.js');
  try {
    lookUp = await import('./distribution-names.js');
  } catch (error) {
    const message = `CloudFront names: the CloudFront client did not load (${String((error as Error)?.message ?? error)}); distributions show by ID.`;
    return { names: new Map(), status: { id: NAMES_STATUS_ID, label: NAMES_LABEL, state: 'error', message } };
  }
  return lookUp.resolveDistributionNames(options, signal);
}
