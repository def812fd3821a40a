/**
 * `validateDigestChain`: walks the CloudTrail digest chain newest to oldest exactly as
 * `aws cloudtrail validate-logs` does (same verdicts, gaps and order), checks log files
 * concurrently while emitting results in chain order, and adds stricter checks.
 */
import { setMaxListeners } from 'node:events';
import { headerLine, makeGap, summaryLines, type SummaryCounts } from './cli-text.js';
import {
  hasRequiredKeys,
  logEntries,
  parseDigest,
  parseDigestTime,
  pyStr,
  verifyDigestSignature,
  type DigestData,
} from './digest-check.js';
import {
  digestKeyFor,
  digestKeyRegex,
  digestKeyStamp,
  digestListMarker,
  digestListPrefix,
  formatDisplayDate,
  formatStamp,
  isBackfillKey,
  parseStamp,
  parseTrailArn,
  type DigestKeyScope,
} from './digest-key.js';
import { checkLogFile } from './log-check.js';
import { OrderedOutput, TaskPool } from './ordered-output.js';
import {
  ValidationFatalError,
  type DigestObject,
  type DigestStore,
  type PublicKeyProvider,
  type StoreObject,
  type ValidateOptions,
} from './ports.js';
import { indexPublicKeys, type PublicKeySet } from './public-keys.js';
import type { ValidationCallbacks, ValidationProgress, ValidationSummary, Verdict } from './types.js';

/** Options plus the two ports. */
export interface ValidateChainOptions extends ValidateOptions {
  store: DigestStore;
  publicKeys: PublicKeyProvider;
}

const HOUR = 3_600_000;
const SIGNATURE_ALGORITHM = 'SHA256withRSA';
/** Digests fetched ahead of the walk (small objects; they sit on the critical path). */
const PREFETCH = 32;

/** What a digest that links to the one being loaded says about it. */
interface Successor {
  uri: string;
  previousDigestSignature: unknown;
  previousDigestHashValue: unknown;
  /** The successor's own signature was valid, so its claims can be checked against. */
  trusted: boolean;
}

type DigestOutcome = { kind: 'valid'; data: DigestData } | { kind: 'missing' } | { kind: 'invalid'; reason: string; data?: DigestData };

/**
 * Validate the digest chain and the log files it lists. Verdicts, gaps and info lines go
 * to `callbacks` in chain order; the promise resolves with the summary. Throws
 * `ValidationFatalError` where the CLI stops (bad ARN, no public keys), store errors
 * other than "not found", and the abort reason on abort.
 */
export async function validateDigestChain(
  options: ValidateChainOptions,
  callbacks: ValidationCallbacks,
  signal: AbortSignal,
): Promise<ValidationSummary> {
  const arn = parseTrailArn(options.trailArn);
  if (!arn) throw new ValidationFatalError(`Invalid trail ARN provided: ${options.trailArn}`);
  if (options.start.getTime() > options.end.getTime()) {
    throw new ValidationFatalError('Invalid time range specified: start-time must occur before end-time');
  }
  const scope: DigestKeyScope = {
    accountId: options.accountId ?? arn.accountId,
    trailName: arn.name,
    homeRegion: arn.region,
    sourceRegion: options.sourceRegion ?? arn.region,
    organizationId: options.organizationId,
    prefix: options.prefix || undefined,
  };
  // Every concurrent request and file stream listens on the signal.
  setMaxListeners(0, signal);
  const run = new ChainRun(options, scope, callbacks, signal);
  callbacks.onInfo?.(headerLine(options.trailArn, options.start, options.end));
  await run.traverse(false);
  await run.traverse(true);
  return run.finish();
}

class ChainRun {
  private readonly counts: SummaryCounts = {
    digests: { valid: 0, invalid: 0 },
    backfillDigests: { valid: 0, invalid: 0 },
    logFiles: { valid: 0, invalid: 0 },
    foundStart: null,
    foundEnd: null,
  };
  private readonly progress: ValidationProgress;
  private readonly output = new OrderedOutput();
  private readonly pool: TaskPool;
  private readonly window: number;
  private readonly lists = new Map<string, { standard: string[]; backfill: string[]; all: string[] }>();
  private readonly fetches = new Map<string, Promise<StoreObject<DigestObject>>>();
  private readonly prefetchPool = new TaskPool(6);

  constructor(
    private readonly options: ValidateChainOptions,
    private readonly scope: DigestKeyScope,
    private readonly callbacks: ValidationCallbacks,
    private readonly signal: AbortSignal,
  ) {
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
    this.pool = new TaskPool(concurrency);
    this.window = Math.max(256, concurrency * 16);
    this.progress = {
      digestsDone: 0,
      digestsKnown: null,
      logFilesDone: 0,
      logFilesKnown: 0,
      bytes: 0,
      current: null,
      startedAtMs: Date.now(),
    };
  }

  async traverse(backfill: boolean): Promise<void> {
    const { start, end } = this.options;
    let bucket = this.options.bucket;
    let digests = await this.loadList(bucket, end, backfill);
    let keys: PublicKeySet = backfill ? new Map() : await this.loadKeys(start, new Date(end.getTime() + 2 * HOUR), true);
    const [newest, keyDate] = takeLast(digests);
    let key = newest;
    let lastStart = keyDate;
    let successor: Successor | null = null;
    let missingSince: { key: string; date: Date } | null = null;

    while (key && lastStart && start.getTime() <= lastStart.getTime()) {
      this.checkAbort();
      this.setCurrent(`s3://${bucket}/${key}`);
      const outcome = await this.loadAndValidate(keys, bucket, key, digests, backfill, successor, (more) => {
        keys = new Map([...keys, ...more]);
      });
      this.progress.digestsDone += 1;
      const uri = `s3://${bucket}/${key}`;
      if (outcome.kind === 'valid') {
        const data = outcome.data;
        lastStart = parseDigestTime(data.digestStartTime) ?? lastStart;
        this.emitDigest(
          {
            kind: 'digest',
            uri: `s3://${pyStr(data.digestS3Bucket)}/${pyStr(data.digestS3Object)}`,
            valid: true,
            ...(backfill ? { backfill } : {}),
          },
          backfill,
        );
        this.trackFound(data);
        await this.queueLogs(data);
        missingSince = null;
        const previousBucket = data.previousDigestS3Bucket ?? null;
        const previousKey = data.previousDigestS3Object ?? null;
        if (previousBucket === null || previousKey === null) {
          successor = null;
          const next = takeBefore(digests, key);
          if (next[0] && next[1]) this.emitGap(next[1], lastStart, backfill);
          [key] = next;
        } else {
          successor = {
            uri,
            previousDigestSignature: data.previousDigestSignature,
            previousDigestHashValue: data.previousDigestHashValue,
            trusted: true,
          };
          key = String(previousKey);
          if (previousBucket !== bucket) {
            bucket = String(previousBucket);
            digests = await this.loadList(bucket, parseDigestTime(data.digestEndTime) ?? end, backfill);
          }
        }
        continue;
      }
      if (outcome.kind === 'missing') {
        this.emitDigest({ kind: 'digest', uri, valid: false, reason: 'not found', ...(backfill ? { backfill } : {}) }, backfill);
        const missingDate = parseStamp(digestKeyStamp(key));
        const next = takeBefore(digests, key);
        if (!backfill && missingSince === null && missingDate && successor?.trusted) {
          this.reportSkippedMissing(bucket, missingDate, next[1], digests);
        }
        missingSince = missingDate ? { key, date: missingDate } : null;
        successor = null;
        [key] = next;
        continue;
      }
      this.emitDigest({ kind: 'digest', uri, valid: false, reason: outcome.reason, ...(backfill ? { backfill } : {}) }, backfill);
      const next = takeBefore(digests, key);
      // An invalid digest's link may still carry the signature of the one it points at
      // (local copies); that signature is verified like any other, never trusted.
      successor =
        outcome.data && next[0] !== null && outcome.data.previousDigestS3Object === next[0]
          ? { uri, previousDigestSignature: outcome.data.previousDigestSignature, previousDigestHashValue: null, trusted: false }
          : null;
      missingSince = null;
      [key] = next;
    }
  }

  async finish(): Promise<ValidationSummary> {
    await this.output.drain();
    this.setCurrent(null);
    const { digests, backfillDigests, logFiles } = this.counts;
    const lines = summaryLines(this.options.start, this.options.end, this.counts);
    return {
      trailArn: this.options.trailArn,
      startTime: formatDisplayDate(this.options.start),
      endTime: formatDisplayDate(this.options.end),
      digests: { valid: digests.valid + backfillDigests.valid, invalid: digests.invalid + backfillDigests.invalid },
      logFiles: { ...logFiles },
      anyInvalid: digests.invalid + backfillDigests.invalid + logFiles.invalid > 0,
      summaryLines: lines,
    };
  }

  /**
   * Stricter than the CLI: when a digest is missing and the next one found is more than
   * an hour older, the digests in between were deleted too (CloudTrail writes one an hour
   * while logging), so each is reported under the key it would have had.
   */
  private reportSkippedMissing(bucket: string, missingEnd: Date, nextEnd: Date | null, remaining: string[]): void {
    if (!nextEnd) return;
    const tolerance = 10 * 60_000;
    const known = new Set(remaining.map((k) => digestKeyStamp(k)));
    for (let t = nextEnd.getTime() + HOUR; t <= missingEnd.getTime() - HOUR + tolerance; t += HOUR) {
      const date = new Date(t);
      if (known.has(formatStamp(date))) continue;
      const key = digestKeyFor(this.scope, date);
      this.emitDigest(
        { kind: 'digest', uri: `s3://${bucket}/${key}`, valid: false, reason: 'not found (also deleted: the chain skips this hour)' },
        false,
      );
    }
  }

  private async loadKeys(start: Date, end: Date, fatal: boolean): Promise<PublicKeySet> {
    const records = await this.options.publicKeys.getPublicKeys(start, end, this.signal);
    if (records.length === 0) {
      const message = `No public keys found between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}`;
      if (fatal) throw new ValidationFatalError(message);
      throw new Error(message);
    }
    return indexPublicKeys(records);
  }

  private async loadList(bucket: string, end: Date, backfill: boolean): Promise<string[]> {
    const cacheKey = `${bucket}\n${end.toISOString()}`;
    let lists = this.lists.get(cacheKey);
    if (!lists) {
      lists = { standard: [], backfill: [], all: [] };
      const targetStart = formatStamp(this.options.start);
      const targetEnd = formatStamp(new Date(end.getTime() + HOUR));
      const regex = digestKeyRegex(this.scope);
      const marker = digestListMarker(this.scope, this.options.start);
      for await (const key of this.options.store.listKeys(bucket, digestListPrefix(this.scope), marker, this.signal)) {
        if (!regex.test(key)) continue;
        const stamp = digestKeyStamp(key);
        if (stamp > targetEnd) break;
        if (stamp < targetStart) continue;
        (isBackfillKey(key) ? lists.backfill : lists.standard).push(key);
        lists.all.push(key);
      }
      this.lists.set(cacheKey, lists);
      this.progress.digestsKnown = (this.progress.digestsKnown ?? 0) + lists.standard.length + lists.backfill.length;
      this.report();
    }
    return backfill ? lists.backfill : lists.standard;
  }

  private fetchDigest(bucket: string, key: string, digests: string[]): Promise<StoreObject<DigestObject>> {
    const id = `${bucket}\n${key}`;
    let pending = this.fetches.get(id);
    if (!pending) {
      pending = this.options.store.getDigest(bucket, key, this.signal);
      this.fetches.set(id, pending);
    }
    this.fetches.delete(id);
    // Prefetch the next few older digests: the chain almost always links to them.
    const at = digests.lastIndexOf(key);
    const from = at >= 0 ? at : digests.length;
    for (let i = from - 1; i >= Math.max(0, from - PREFETCH); i--) {
      const older = digests[i]!;
      const olderId = `${bucket}\n${older}`;
      if (!this.fetches.has(olderId)) {
        const p = this.prefetchPool.run(() => this.options.store.getDigest(bucket, older, this.signal));
        p.catch(() => undefined);
        this.fetches.set(olderId, p);
      }
    }
    return pending;
  }

  private async loadAndValidate(
    keys: PublicKeySet,
    bucket: string,
    key: string,
    digests: string[],
    backfill: boolean,
    successor: Successor | null,
    addKeys: (more: PublicKeySet) => void,
  ): Promise<DigestOutcome> {
    const fetched = await this.fetchDigest(bucket, key, digests);
    if (fetched.kind === 'missing') return { kind: 'missing' };
    if (fetched.kind === 'refused') return { kind: 'invalid', reason: fetched.reason };
    const { body, metadata } = fetched.value;
    const parsed = parseDigest(body);
    if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
    const data = parsed.data;
    const linked = hasRequiredKeys(data) ? data : undefined;

    let signature = metadata.signature;
    let signatureAlgorithm = metadata['signature-algorithm'];
    let signatureSource = 'S3 metadata';
    if (this.options.store.mode === 'local') {
      if (signature !== undefined) signatureSource = 'sidecar .sig file';
      else if (successor && typeof successor.previousDigestSignature === 'string') {
        signature = successor.previousDigestSignature;
        signatureSource = `previousDigestSignature of ${successor.uri}`;
      } else {
        return {
          kind: 'invalid',
          reason: `signature not found (a local copy has no S3 metadata: no ${key.split('/').pop()}.sig sidecar and no following digest links to it)`,
          ...(linked ? { data: linked } : {}),
        };
      }
      signatureAlgorithm ??= SIGNATURE_ALGORITHM;
    } else if (signature === undefined || signatureAlgorithm === undefined) {
      return { kind: 'invalid', reason: 'signature verification failed', ...(linked ? { data: linked } : {}) };
    }

    let backfillStamp: Date | null = null;
    if (isBackfillKey(key)) {
      const raw = metadata['backfill-generation-timestamp'];
      if (raw === undefined && this.options.store.mode === 's3') return { kind: 'invalid', reason: 'invalid format' };
      backfillStamp = parseDigestTime(raw ?? (data as Partial<DigestData>)?.digestEndTime);
    }
    if (!linked) return { kind: 'invalid', reason: 'invalid format' };
    if (data.digestS3Bucket !== bucket || data.digestS3Object !== key) {
      return { kind: 'invalid', reason: 'has been moved from its original location', data };
    }
    const fingerprint = pyStr(data.digestPublicKeyFingerprint);
    if (!keys.has(fingerprint) && backfill) {
      if (!backfillStamp)
        return { kind: 'invalid', reason: `Unable to parse date value: ${pyStr(metadata['backfill-generation-timestamp'])}`, data };
      try {
        const more = await this.loadKeys(new Date(backfillStamp.getTime() - HOUR), new Date(backfillStamp.getTime() + HOUR), false);
        addKeys(more);
        keys = new Map([...keys, ...more]);
      } catch (error) {
        if (this.signal.aborted) throw error;
        return { kind: 'invalid', reason: (error as Error).message, data };
      }
    }
    const failure = verifyDigestSignature(data, parsed.sha256, signature, keys, this.scope.homeRegion);
    if (failure) return { kind: 'invalid', reason: failure, data };
    if (!parseDigestTime(data.digestEndTime))
      return { kind: 'invalid', reason: `Unable to parse date value: ${pyStr(data.digestEndTime)}`, data };

    // Stricter than the CLI from here on: the signature is good, so these are CloudTrail's claims.
    if (signatureAlgorithm !== SIGNATURE_ALGORITHM) {
      return {
        kind: 'invalid',
        reason: `unsupported signature algorithm ${JSON.stringify(signatureAlgorithm)} in the ${signatureSource} (expected ${SIGNATURE_ALGORITHM})`,
        data,
      };
    }
    if (data.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM) {
      return {
        kind: 'invalid',
        reason: `unsupported digestSignatureAlgorithm ${JSON.stringify(data.digestSignatureAlgorithm ?? null)} (expected ${SIGNATURE_ALGORITHM})`,
        data,
      };
    }
    if (data.awsAccountId !== this.scope.accountId) {
      return {
        kind: 'invalid',
        reason: `awsAccountId ${JSON.stringify(data.awsAccountId ?? null)} does not match the account being validated (${this.scope.accountId})`,
        data,
      };
    }
    if (data.previousDigestS3Object != null && data.previousDigestHashAlgorithm !== 'SHA-256') {
      return {
        kind: 'invalid',
        reason: `unsupported previousDigestHashAlgorithm ${JSON.stringify(data.previousDigestHashAlgorithm ?? null)} (expected "SHA-256")`,
        data,
      };
    }
    if (successor?.trusted) {
      if (successor.previousDigestHashValue !== parsed.sha256) {
        return { kind: 'invalid', reason: `hash value doesn't match the previousDigestHashValue recorded in ${successor.uri}`, data };
      }
      if (this.options.store.mode === 's3' && successor.previousDigestSignature !== signature) {
        return { kind: 'invalid', reason: `signature doesn't match the previousDigestSignature recorded in ${successor.uri}`, data };
      }
    }
    if (parsed.trailingGzipData) {
      return { kind: 'invalid', reason: 'invalid format (data after the first gzip member: a second member or trailing bytes)', data };
    }
    return { kind: 'valid', data };
  }

  private async queueLogs(data: DigestData): Promise<void> {
    for (const entry of logEntries(data)) {
      await this.output.waitBelow(this.window);
      this.checkAbort();
      this.progress.logFilesKnown += 1;
      const task = this.pool.run(() => {
        this.checkAbort();
        this.setCurrent(`s3://${String(entry.s3Bucket)}/${String(entry.s3Object)}`);
        return checkLogFile(this.options.store, entry, this.signal, (n) => {
          this.progress.bytes += n;
        });
      });
      this.output.push(task, (verdict) => {
        this.progress.logFilesDone += 1;
        if (verdict.valid) this.counts.logFiles.valid += 1;
        else this.counts.logFiles.invalid += 1;
        this.callbacks.onVerdict?.(verdict);
        this.report();
      });
    }
  }

  private emitDigest(verdict: Verdict, backfill: boolean): void {
    const counter = backfill ? this.counts.backfillDigests : this.counts.digests;
    this.output.push(verdict, (v) => {
      if (v.valid) counter.valid += 1;
      else counter.invalid += 1;
      this.callbacks.onVerdict?.(v);
      this.report();
    });
  }

  private emitGap(nextEnd: Date, lastStart: Date, backfill: boolean): void {
    const gap = makeGap(nextEnd, lastStart, backfill);
    this.output.push(gap, (g) => this.callbacks.onGap?.(g));
  }

  private trackFound(data: DigestData): void {
    const { start, end } = this.options;
    const digestStart = parseDigestTime(data.digestStartTime);
    const digestEnd = parseDigestTime(data.digestEndTime);
    if (digestStart) {
      const earliest = digestStart < start ? start : digestStart;
      if (!this.counts.foundStart || earliest < this.counts.foundStart) this.counts.foundStart = earliest;
    }
    if (digestEnd) {
      const latest = digestEnd > end ? end : digestEnd;
      if (!this.counts.foundEnd || latest > this.counts.foundEnd) this.counts.foundEnd = latest;
    }
  }

  private setCurrent(uri: string | null): void {
    this.progress.current = uri;
    this.report();
  }

  private report(): void {
    this.callbacks.onProgress?.({ ...this.progress });
  }

  private checkAbort(): void {
    if (this.signal.aborted) throw this.signal.reason ?? new Error('aborted');
  }
}

/** Pop the newest key (the CLI's `_get_last_digest` without a key). */
function takeLast(digests: string[]): [string | null, Date | null] {
  const key = digests.pop();
  if (key === undefined) return [null, null];
  return [key, parseStamp(digestKeyStamp(key))];
}

/** Pop keys until one older than `before` (the CLI's `_get_last_digest(digests, key)`). */
function takeBefore(digests: string[], before: string): [string | null, Date | null] {
  const beforeDate = parseStamp(digestKeyStamp(before));
  if (!beforeDate) return [null, null];
  while (digests.length > 0) {
    const key = digests.pop()!;
    const date = parseStamp(digestKeyStamp(key));
    if (date && date < beforeDate) return [key, date];
  }
  return [null, null];
}
