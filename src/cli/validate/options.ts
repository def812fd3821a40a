/**
 * The validation options, defined once: the option table both `tlstop validate` and the
 * monitor (for its `v` panel) spread into their `node:util` parseArgs specs, and the one
 * reader that turns the parsed values into a typed {@link ValidationOptions}, with the
 * AWS CLI's messages for what is wrong.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseTrailArn } from '../../digest/digest-key.js';
import { parseCliTime } from './cli-time.js';

/** The digest chain to validate: the options `tlstop validate` and the monitor share. */
export const VALIDATION_OPTION_SPEC = {
  'trail-arn': { type: 'string' },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-prefix': { type: 'string' },
  'account-id': { type: 'string' },
  'public-keys': { type: 'string' },
  local: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/**
 * Parsed values the reader takes: the chain options, the AWS settings (the monitor takes
 * them from its source options) and `--concurrency` (only `tlstop validate` has it).
 */
export type ValidationValues = {
  [K in keyof typeof VALIDATION_OPTION_SPEC | 'region' | 'profile' | 'endpoint-url' | 'concurrency']?: string | undefined;
};

/** What to validate and how, checked: the same for `tlstop validate` and the `v` panel. */
export interface ValidationOptions {
  trailArn: string;
  start: Date;
  end: Date;
  bucket?: string | undefined;
  prefix?: string | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  publicKeys?: string | undefined;
  local?: string | undefined;
  concurrency?: number | undefined;
}

/**
 * Check parsed values; `now` is the default end (to the second). The messages, and the
 * order they are checked in, are the AWS CLI's where it has one.
 */
export function readValidationOptions(values: ValidationValues, now: Date): ValidationOptions | Error {
  const trailArn = values['trail-arn'];
  const startText = values['start-time'];
  if (!trailArn) return new Error('the following arguments are required: --trail-arn');
  if (!startText) return new Error('the following arguments are required: --start-time');
  if (!parseTrailArn(trailArn)) return new Error(`Invalid trail ARN provided: ${trailArn}`);
  const start = parseCliTime(startText);
  if (!start) return new Error(`Unable to parse date value: ${startText}`);
  const endText = values['end-time'];
  const end = endText === undefined ? new Date(Math.floor(now.getTime() / 1000) * 1000) : parseCliTime(endText);
  if (!end) return new Error(`Unable to parse date value: ${endText}`);
  if (start > end) return new Error('Invalid time range specified: start-time must occur before end-time');
  let concurrency: number | undefined;
  const concurrencyText = values.concurrency;
  if (concurrencyText !== undefined) {
    concurrency = Number(concurrencyText);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512)
      return new Error('--concurrency must be a whole number from 1 to 512');
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    return new Error(`--account-id must be a 12-digit account id, not "${accountId}"`);
  return {
    trailArn,
    start,
    end,
    bucket: values['s3-bucket'],
    prefix: values['s3-prefix'],
    accountId,
    region: values.region,
    profile: values.profile,
    endpointUrl: values['endpoint-url'],
    publicKeys: values['public-keys'],
    local: values.local,
    concurrency,
  };
}
