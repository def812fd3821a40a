/**
 * The names people know a CloudFront distribution by (its aliases, its comment), as
 * CloudFront ListDistributions reports them (`--resolve-names`). Shared by the source that
 * looks them up (src/sources/cloudfront) and the store and panes that show them beside a
 * distribution ID, so neither layer imports the other.
 *
 * Every string in here came from AWS (or whatever answers at --endpoint-url) and is hostile:
 * kept raw, only bounded in length and count by the adapter; sanitise it on display
 * (src/text/sanitize.ts), as the UI and `report` do with every outside text.
 */

/** What ListDistributions says about one distribution, keyed by its ID elsewhere. */
export interface DistributionName {
  /** Alternate domain names (CNAMEs), in CloudFront's order; at most a few, each bounded. */
  aliases: string[];
  /** The distribution's comment; '' when it has none. */
  comment: string;
  /** The CloudFront domain, `d111111abcdef8.cloudfront.net`. */
  domainName: string;
}

/**
 * The name to show beside a distribution ID: its first alias, else its comment, else
 * nothing (undefined: show the ID alone). Blank values count as none; the one chosen is
 * trimmed. Still raw otherwise: sanitise it before it reaches a terminal.
 */
export function displayName(name: DistributionName | undefined): string | undefined {
  if (!name) return undefined;
  for (const alias of name.aliases) {
    const trimmed = alias.trim();
    if (trimmed !== '') return trimmed;
  }
  const comment = name.comment.trim();
  return comment !== '' ? comment : undefined;
}
