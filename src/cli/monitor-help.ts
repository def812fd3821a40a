import { DEFAULT_EXPIRING_WITHIN_DAYS } from '../aggregation/store-options.js';
import { parseThreadsHelp } from './parse-threads-option.js';
import { SOURCE_OPTION_HELP } from './source-options.js';

/** `tlstop --help` text for the live monitor. */
export const MONITOR_HELP = `Live monitor options:
      --demo                 watch a built-in rollout story (no AWS account needed)
      --window W             visible window at start: 1m, 5m, 15m (default), 1h
      --theme NAME|PATH      dark (default), light, high-contrast, monochrome, or a theme JSON file
      --alert-failure-rate P alert when a distribution's failure rate over the last minute exceeds P %
      --alert-p99 MS         alert when a distribution's p99 handshake over the last minute exceeds MS
      --alert-on-change      ring the bell and log each new change the detector finds
      --resolve-names        show each distribution's first alias (or its comment) beside its ID,
                             from CloudFront ListDistributions (needs cloudfront:ListDistributions)
      --expiring-days N      list client certificates expiring within N days (default ${DEFAULT_EXPIRING_WITHIN_DAYS})
      --export-dir DIR       where the e key writes snapshots (default: the current directory)
      --fps N                maximum redraws per second, 1 to 60 (default 10)
${parseThreadsHelp('      ', 23, 'threads that parse history reads (--from-start, --since); idle ones stop')}
Digest validation panel (the v key), same meaning as in \`tlstop validate\`:
      --trail-arn ARN --start-time T [--end-time T] [--s3-bucket B] [--s3-prefix P]
      [--account-id ID] [--public-keys FILE] [--local DIR]

${SOURCE_OPTION_HELP}

Keys: ? shows every key. q quits. d picks distributions, s filters by status, / by text,
w changes the window, p pauses, m sets a mark, e exports, v validates the digest chain.
`;
