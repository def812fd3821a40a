/**
 * Contract of the CloudTrail digest-chain validator (src/digest/). The validator is
 * pure logic behind ports; S3 / local-disk / CloudTrail-API adapters plug into it.
 * The same function serves `tlstop validate` and the TUI panel.
 */

export type FileKind = 'digest' | 'log';

/** One line of the AWS CLI's output: `Digest file\ts3://b/k\tvalid` or `...\tINVALID: reason`. */
export interface Verdict extends BackfillMarked {
  kind: FileKind;
  /** `s3://bucket/key` (also in local mode). */
  uri: string;
  valid: boolean;
  /** Present when invalid, worded as the AWS CLI words it where it has a wording. */
  reason?: string;
}

/** A gap in the chain ("No log files were delivered by CloudTrail between ... and ..."). */
export interface Gap extends BackfillMarked {
  startTime: string;
  endTime: string;
  /** The line as the AWS CLI prints it. */
  message: string;
}

export interface ValidationProgress {
  digestsDone: number;
  /** Known so far (grows as the walk discovers more); null while unknown. */
  digestsKnown: number | null;
  logFilesDone: number;
  logFilesKnown: number;
  /** Uncompressed bytes hashed so far. */
  bytes: number;
  /** URI being processed, for display. */
  current: string | null;
  startedAtMs: number;
}

export interface ValidationSummary {
  trailArn: string;
  startTime: string;
  endTime: string;
  digests: { valid: number; invalid: number };
  logFiles: { valid: number; invalid: number };
  /** True when anything was invalid (exit status 1). */
  anyInvalid: boolean;
  /** The AWS CLI's closing lines ("Results requested for ...", counts). */
  summaryLines: string[];
}

export interface ValidationCallbacks {
  /** Every verdict, in chain order (newest digest first, each digest followed by its log files). */
  onVerdict?(verdict: Verdict): void;
  onGap?(gap: Gap): void;
  /** Throttled by the caller as it likes; called often. */
  onProgress?(progress: ValidationProgress): void;
  /** Any line the AWS CLI would print that is not a verdict (header, notes). */
  onInfo?(line: string): void;
}

/**
 * Optional additions (issue 4): backfill-digest marking for verdict and gap lines, which
 * the AWS CLI prefixes with `(backfill) `.
 */
export interface BackfillMarked {
  /** The verdict or gap belongs to the backfill-digest chain. */
  backfill?: boolean;
}
