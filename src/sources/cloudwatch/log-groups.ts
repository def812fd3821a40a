/**
 * Resolves the user's log group names, ARNs and prefix into log groups with both a
 * name (FilterLogEvents, Insights) and an ARN (StartLiveTail takes ARNs only).
 */
import { DescribeLogGroupsCommand, type CloudWatchLogsClient, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';

/** A log group the source reads. */
export interface ResolvedLogGroup {
  name: string;
  /** ARN without the trailing `:*`. */
  arn: string;
  /** Given by ARN and not visible to DescribeLogGroups (another account): address it by ARN. */
  external?: boolean;
}

/** Thrown when a named log group does not exist (or a prefix matches nothing). */
export class LogGroupNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundException';
}

const ARN = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/;

/** The log group name inside an ARN, or undefined when `text` is not a log group ARN. */
export function nameFromArn(text: string): string | undefined {
  return ARN.exec(text)?.[1];
}

function toResolved(group: LogGroup): ResolvedLogGroup | undefined {
  if (!group.logGroupName) return undefined;
  const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? group.logGroupName;
  return { name: group.logGroupName, arn };
}

async function describeByPrefix(client: CloudWatchLogsClient, prefix: string, signal: AbortSignal): Promise<ResolvedLogGroup[]> {
  const found: ResolvedLogGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }), { abortSignal: signal });
    for (const group of page.logGroups ?? []) {
      const resolved = toResolved(group);
      if (resolved) found.push(resolved);
    }
    nextToken = page.nextToken;
  } while (nextToken && !signal.aborted);
  return found;
}

/**
 * Names and ARNs become log groups (exact name match); each prefix adds every group it
 * matches. Duplicates are dropped. An ARN that DescribeLogGroups cannot see (another
 * account) is kept as given.
 */
export async function resolveLogGroups(
  client: CloudWatchLogsClient,
  identifiers: readonly string[],
  prefixes: readonly string[],
  signal: AbortSignal,
): Promise<ResolvedLogGroup[]> {
  const byName = new Map<string, ResolvedLogGroup>();
  for (const identifier of identifiers) {
    const arnName = nameFromArn(identifier);
    const name = arnName ?? identifier;
    const match = (await describeByPrefix(client, name, signal)).find((g) => g.name === name);
    if (match) byName.set(match.name, match);
    else if (arnName) byName.set(arnName, { name: arnName, arn: identifier.replace(/:\*$/, ''), external: true });
    else throw new LogGroupNotFoundError(`log group ${name} does not exist`);
  }
  for (const prefix of prefixes) {
    const matches = await describeByPrefix(client, prefix, signal);
    if (matches.length === 0 && identifiers.length === 0 && prefixes.length === 1) {
      throw new LogGroupNotFoundError(`no log group name starts with ${prefix}`);
    }
    for (const group of matches) byName.set(group.name, group);
  }
  if (byName.size === 0 && prefixes.length > 0) throw new LogGroupNotFoundError(`no log group name starts with ${prefixes.join(' or ')}`);
  return [...byName.values()];
}
