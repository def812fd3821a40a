/**
 * `--resolve-names`: the names people know each CloudFront distribution by (its aliases,
 * its comment), from CloudFront ListDistributions, so the monitor and `report` can show
 * `E2DX1SLDPK0123 shop.example.com` instead of the bare ID.
 *
 * One look-up, paged with Marker/NextMarker and bounded (pages, distributions, aliases,
 * characters). It never rejects: a refused call, missing credentials or an unreachable
 * endpoint come back as an `error` status that says what to do (naming
 * `cloudfront:ListDistributions` when access is denied), with the names listed before the
 * fault (none when the first call fails), and the distributions show by ID.
 *
 * Every string from AWS is hostile. The names are kept raw (so a filter or an export sees
 * what AWS said), only bounded; they are never printed here. Whoever shows them sanitises
 * them on display (src/text/sanitize.ts), as the UI and `report` do with every outside text.
 */
import { CloudFrontClient, ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { asSentence, awsClientConfig, type AwsOptions } from '../../aws/client-options.js';
import { displayName, type DistributionName } from '../../events/distribution-name.js';
import type { SourceStatus } from '../types.js';
import { describeFault } from '../cloudwatch/error-kind.js';
import { NAMES_LABEL as LABEL, NAMES_STATUS_ID } from './names-status.js';
import { groupedInteger } from '../../text/grouped-integer.js';

export type { DistributionName } from '../../events/distribution-name.js';

/** What `resolveDistributionNames` needs: the shared AWS options. */
export interface DistributionNameOptions extends AwsOptions {
  /** Static credentials or a provider (tests); the SDK's standard chain otherwise. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The names, by distribution ID, and how the look-up went. */
export interface DistributionNames {
  names: Map<string, DistributionName>;
  /** `done` (with how many were named) or `error` (what went wrong and what to do). */
  status: SourceStatus;
}

/** Bounds on what a hostile or broken endpoint can make tlstop keep. */
export const NAME_LIMITS = {
  /** Distributions per ListDistributions page (CloudFront's maximum and default). */
  pageSize: 100,
  /** Pages read at most: 10,000 distributions, fifty times CloudFront's default quota. */
  maxPages: 100,
  /** Distributions kept at most, whatever the pages hold. */
  maxDistributions: 10_000,
  /** Aliases kept per distribution (CloudFront's own order). */
  maxAliases: 20,
  /** Characters (UTF-16 code units) kept of an alias, a comment, a domain name; longer IDs are dropped. */
  maxText: 256,
} as const;

/** The operation and the permission it needs. */
const OPERATION = 'ListDistributions';
const SERVICE = 'cloudfront';

/** What the user sees instead of names while they cannot be had. */
const FALLBACK = 'Distributions show by ID.';

/**
 * The CloudFront client. CloudFront is global: without --endpoint-url the SDK sends the
 * call to the partition's CloudFront endpoint and signs it for its region (us-east-1 in
 * the aws partition, whatever --region says); with --endpoint-url it is signed for
 * us-east-1. The SDK's standard retries (3 attempts) cover throttling and 5xx.
 */
export function createCloudFrontClient(options: DistributionNameOptions): CloudFrontClient {
  const { forcePathStyle: _unused, region, ...config } = awsClientConfig(options);
  return new CloudFrontClient({
    ...config,
    region: options.endpointUrl ? 'us-east-1' : region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 10_000, requestTimeout: 30_000 }),
  });
}

/** At most `max` UTF-16 code units, not cutting a surrogate pair in two. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1) >= 0xd800 && text.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return text.slice(0, cut);
}

function text(value: unknown): string {
  return typeof value === 'string' ? bounded(value, NAME_LIMITS.maxText) : '';
}

/** One summary as an ID and its name; undefined when it has no usable ID. */
function toName(summary: DistributionSummary): [string, DistributionName] | undefined {
  const id = summary.Id;
  if (typeof id !== 'string' || id === '' || id.length > NAME_LIMITS.maxText) return undefined;
  const items: unknown = summary.Aliases?.Items;
  const aliases: string[] = [];
  if (Array.isArray(items)) {
    for (const alias of items) {
      if (aliases.length >= NAME_LIMITS.maxAliases) break;
      if (typeof alias === 'string' && alias !== '') aliases.push(bounded(alias, NAME_LIMITS.maxText));
    }
  }
  return [id, { aliases, comment: text(summary.Comment), domainName: text(summary.DomainName) }];
}

function plural(n: number, one: string, many: string): string {
  return `${groupedInteger(n)} ${n === 1 ? one : many}`;
}

/** `3 distributions, 2 with a name`. */
function counted(names: Map<string, DistributionName>): string {
  let named = 0;
  for (const name of names.values()) if (displayName(name) !== undefined) named += 1;
  return `${plural(names.size, 'distribution', 'distributions')}, ${groupedInteger(named)} with a name`;
}

/**
 * Look up the aliases and comment of every distribution the credentials can list. Resolves
 * (never rejects) with the names by ID and a status: `done`, or `error` with one message
 * that leads with the operation, then what went wrong, then what to do:
 * `ListDistributions: Access denied: … (needed: cloudfront:ListDistributions). Grant the IAM
 * permission named above to the credentials in use. Distributions show by ID.`
 * An abort by `signal` resolves at once with the names listed so far.
 */
export async function resolveDistributionNames(options: DistributionNameOptions, signal: AbortSignal): Promise<DistributionNames> {
  const names = new Map<string, DistributionName>();
  const base = { id: NAMES_STATUS_ID, label: LABEL } as const;
  const done = (message: string): DistributionNames => ({ names, status: { ...base, state: 'done', message } });
  if (signal.aborted) return done(`${OPERATION}: stopped before the first page. ${FALLBACK}`);

  const client = createCloudFrontClient(options);
  const markers = new Set<string>();
  let marker: string | undefined;
  try {
    for (let page = 0; page < NAME_LIMITS.maxPages; page++) {
      const request = new ListDistributionsCommand({ MaxItems: NAME_LIMITS.pageSize, ...(marker ? { Marker: marker } : {}) });
      const output = await client.send(request, { abortSignal: signal });
      const list = output.DistributionList;
      for (const summary of list?.Items ?? []) {
        if (names.size >= NAME_LIMITS.maxDistributions) {
          return done(`${OPERATION}: stopped at ${plural(names.size, 'distribution', 'distributions')}; the rest show by ID.`);
        }
        const entry = toName(summary);
        if (entry && !names.has(entry[0])) names.set(entry[0], entry[1]);
      }
      const next = list?.IsTruncated ? list.NextMarker : undefined;
      if (!next) return done(`${OPERATION}: ${counted(names)}.`);
      // An endpoint that hands back a marker it gave before would page forever.
      if (markers.has(next)) return done(`${OPERATION}: ${counted(names)}; the listing repeated itself, so tlstop stopped there.`);
      markers.add(next);
      marker = next;
    }
    return done(`${OPERATION}: ${counted(names)}; stopped after ${plural(NAME_LIMITS.maxPages, 'page', 'pages')}, the rest show by ID.`);
  } catch (error) {
    if (signal.aborted) return done(`${OPERATION}: stopped; ${counted(names)}.`);
    const { what, advice } = describeFault(error, OPERATION, SERVICE);
    const fallback =
      names.size > 0 ? `Named ${plural(names.size, 'distribution', 'distributions')} before the fault; the others show by ID.` : FALLBACK;
    return {
      names,
      status: { ...base, state: 'error', message: `${OPERATION}: ${asSentence(what)}${advice ? ` ${advice}` : ''} ${fallback}` },
    };
  } finally {
    client.destroy();
  }
}
