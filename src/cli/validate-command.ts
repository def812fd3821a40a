/**
 * `tlstop validate`: the headless CloudTrail digest-chain validator. Same options, lines,
 * order and exit statuses as `aws cloudtrail validate-logs`, plus `--local`,
 * `--public-keys`, `--concurrency` and `--json`.
 */
import { cpus } from 'node:os';
import { awsClientConfig, describeAwsError } from '../aws/client-options.js';
import { parseTrailArn } from '../digest/digest-key.js';
import { verdictLine } from '../digest/cli-text.js';
import { validateDigestChain, type ValidateChainOptions } from '../digest/validate-chain.js';
import { ValidationFatalError, type DigestStore, type PublicKeyProvider } from '../digest/ports.js';
import type { Gap, ValidationProgress, Verdict } from '../digest/types.js';
import { FilePublicKeys } from '../digest-io/file-public-keys.js';
import { LocalDigestStore } from '../digest-io/local-digest-store.js';
import { discoverOrganizationId } from '../digest-io/organization-id.js';
import { readableDirectoryProblem } from '../fs/readable-directory.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

/** Streams the command writes to (tests pass buffers). */
export interface ValidateIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** `tlstop validate --help`. */
export const VALIDATE_HELP = `Usage: tlstop validate --trail-arn ARN --start-time T [options]

Validate CloudTrail log files against the digest chain, like
\`aws cloudtrail validate-logs\` (same lines, order and exit status), but concurrent,
stricter, and able to read a local copy.

  --trail-arn ARN        trail to validate (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME)
  --start-time T         validate log files delivered at or after T (e.g. 2026-11-20T05:21:42Z)
  --end-time T           ... and at or before T (default: now)
  --s3-bucket B          bucket of the digests (default: the trail's, from DescribeTrails)
  --s3-prefix P          key prefix of the digests (default: the trail's)
  --account-id ID        account to validate (required for organization trails)
  --verbose              also print the valid files
  --region R             region of the digests and of the API calls
  --profile P            AWS profile
  --endpoint-url URL     CloudTrail endpoint (and S3's unless AWS_ENDPOINT_URL_S3 is set)
  --public-keys FILE     keys from \`aws cloudtrail list-public-keys\` JSON instead of the API
  --local DIR            validate a copy made with \`aws s3 sync s3://BUCKET DIR\`
  --concurrency N        log files checked at once (default 16)
  --json                 one JSON object per verdict and a final summary, on stdout

Exit status: 0 all valid, 1 anything invalid, 2 usage or fatal error.
`;

interface ParsedArgs {
  trailArn: string;
  start: Date;
  end: Date;
  bucket?: string | undefined;
  prefix?: string | undefined;
  accountId?: string | undefined;
  verbose: boolean;
  region?: string | undefined;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  publicKeys?: string | undefined;
  local?: string | undefined;
  concurrency?: number | undefined;
  json: boolean;
}

const VALUE_OPTIONS = new Set([
  'trail-arn',
  'start-time',
  'end-time',
  's3-bucket',
  's3-prefix',
  'account-id',
  'region',
  'profile',
  'endpoint-url',
  'public-keys',
  'local',
  'concurrency',
]);
const FLAG_OPTIONS = new Set(['verbose', 'json', 'help']);

/**
 * A time as the AWS CLI reads it (python-dateutil, then the zone replaced by UTC):
 * `2026-11-20T05:21:42Z`, `2026-11-20 05:21`, `20261120T052142Z`, `2026-11-20`.
 */
export function parseCliTime(text: string): Date | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
    text.trim(),
  );
  if (m) {
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Math.floor(Number(m[7] ?? 0) * 1000));
    const date = new Date(ms);
    if (!Number.isNaN(ms) && date.getUTCMonth() === +m[2]! - 1 && date.getUTCDate() === +m[3]!) return date;
    return null;
  }
  return null;
}

function parseArgs(argv: string[], now: Date): ParsedArgs | { help: true } | Error {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') return { help: true };
    if (!arg.startsWith('--')) return new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    if (FLAG_OPTIONS.has(name)) {
      if (eq >= 0) return new Error(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) return new Error(`unknown option --${name}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) return new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  if (flags.has('help')) return { help: true };
  const trailArn = values.get('trail-arn');
  const startText = values.get('start-time');
  if (!trailArn) return new Error('the following arguments are required: --trail-arn');
  if (!startText) return new Error('the following arguments are required: --start-time');
  if (!parseTrailArn(trailArn)) return new Error(`Invalid trail ARN provided: ${trailArn}`);
  const start = parseCliTime(startText);
  if (!start) return new Error(`Unable to parse date value: ${startText}`);
  const endText = values.get('end-time');
  const end = endText === undefined ? new Date(Math.floor(now.getTime() / 1000) * 1000) : parseCliTime(endText);
  if (!end) return new Error(`Unable to parse date value: ${endText}`);
  if (start > end) return new Error('Invalid time range specified: start-time must occur before end-time');
  let concurrency: number | undefined;
  const concurrencyText = values.get('concurrency');
  if (concurrencyText !== undefined) {
    concurrency = Number(concurrencyText);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512)
      return new Error('--concurrency must be a whole number from 1 to 512');
  }
  const accountId = values.get('account-id');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    return new Error(`--account-id must be a 12-digit account id, not "${accountId}"`);
  return {
    trailArn,
    start,
    end,
    bucket: values.get('s3-bucket'),
    prefix: values.get('s3-prefix'),
    accountId,
    verbose: flags.has('verbose'),
    region: values.get('region'),
    profile: values.get('profile'),
    endpointUrl: values.get('endpoint-url'),
    publicKeys: values.get('public-keys'),
    local: values.get('local'),
    concurrency,
    json: flags.has('json'),
  };
}

/** Writes the AWS CLI's text layout: valid lines on stdout (verbose), INVALID and gap lines on stderr. */
class TextWriter {
  private lastDoubleSpace = true;

  constructor(
    private readonly io: ValidateIo,
    private readonly verbose: boolean,
    private readonly beforeStderr: () => void,
  ) {}

  header(line: string): void {
    this.io.stdout.write(`${line}\n\n`);
  }

  status(message: string, isError: boolean): void {
    if (isError) {
      this.beforeStderr();
      this.io.stderr.write(this.lastDoubleSpace ? `${message}\n\n` : `\n${message}\n\n`);
      this.lastDoubleSpace = true;
    } else if (this.verbose) {
      this.lastDoubleSpace = false;
      this.io.stdout.write(`${message}\n`);
    }
  }

  summary(lines: string[]): void {
    if (!this.lastDoubleSpace) this.io.stdout.write('\n');
    this.io.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** A one-line progress display on a TTY stderr, redrawn at most every 100 ms. */
class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: ValidateIo['stderr']) {}

  update(p: ValidationProgress): void {
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const seconds = Math.max(0.001, (now - p.startedAtMs) / 1000);
    const mb = p.bytes / 1e6;
    const digests = `${p.digestsDone}/${p.digestsKnown ?? '?'} digests`;
    const logs = `${p.logFilesDone}/${p.logFilesKnown} log files`;
    const current = p.current ? ` ${sanitizeForTerminal(p.current.split('/').pop() ?? '', 60)}` : '';
    const text = `${digests}, ${logs}, ${mb.toFixed(1)} MB, ${(mb / seconds).toFixed(1)} MB/s${current}`;
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    this.stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** Static keys from the command's own environment when it is not the process's (tests, embedding). */
function explicitCredentials(env: NodeJS.ProcessEnv): {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
} {
  if (env === process.env || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return {};
  return {
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  };
}

function safeVerdict(verdict: Verdict): Verdict {
  return {
    ...verdict,
    uri: sanitizeForTerminal(verdict.uri),
    ...(verdict.reason !== undefined ? { reason: sanitizeForTerminal(verdict.reason) } : {}),
  };
}

/**
 * `--local DIR` must name a directory that can be listed: a missing path, a file or a
 * symlink loop would otherwise list no digests and pass. One line naming it, or null.
 */
function localCopyProblem(parsed: ParsedArgs): string | null {
  if (parsed.local === undefined) return null;
  const problem = readableDirectoryProblem(parsed.local);
  return problem === null ? null : `--local ${sanitizeForTerminal(parsed.local)}: ${problem}`;
}

/** The validator's inputs resolved from parsed options: keys, bucket, store, organization. */
async function resolveValidation(
  parsed: ParsedArgs,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  fileKeys?: FilePublicKeys,
): Promise<ValidateChainOptions> {
  // Checked again here, not only at start-up: the monitor resolves when `v` is pressed.
  const localProblem = localCopyProblem(parsed);
  if (localProblem) throw new ValidationFatalError(localProblem);
  const arn = parseTrailArn(parsed.trailArn)!;
  const region = parsed.region ?? arn.region;
  const aws = { region, profile: parsed.profile, endpointUrl: parsed.endpointUrl };
  const credentials = explicitCredentials(env);
  // The AWS SDK loads only when needed: a local copy with --public-keys starts faster.
  const cloudTrail = async () => {
    const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
    return new CloudTrailClient({ ...awsClientConfig(aws), ...credentials, maxAttempts: 5 });
  };
  let keys: PublicKeyProvider;
  // `--public-keys ""` is a file that is not there, not a request to call the API.
  if (parsed.publicKeys !== undefined) {
    const file = fileKeys ?? new FilePublicKeys(parsed.publicKeys);
    await file.load();
    keys = file;
  } else {
    const { CloudTrailPublicKeys } = await import('../digest-io/public-key-providers.js');
    keys = new CloudTrailPublicKeys(await cloudTrail());
  }
  let bucket = parsed.bucket;
  let prefix = parsed.prefix;
  let isOrganizationTrail = false;
  if (!bucket) {
    const { lookupTrail } = await import('../digest-io/trail-lookup.js');
    const trail = await lookupTrail(await cloudTrail(), parsed.trailArn, signal);
    bucket = trail.bucket;
    prefix = trail.prefix;
    isOrganizationTrail = trail.isOrganizationTrail;
    if (isOrganizationTrail && !parsed.accountId) {
      throw new ValidationFatalError("Missing required parameter for organization trail: '--account-id'");
    }
  }
  let store: DigestStore;
  let concurrency = parsed.concurrency;
  if (parsed.local) {
    store = new LocalDigestStore(parsed.local, bucket);
    // Measured: file-open latency, not CPU, bounds a local run; 16 beat 2 x CPUs by 1.4x here.
    concurrency ??= Math.max(16, cpus().length * 2);
  } else {
    const s3Endpoint = env.AWS_ENDPOINT_URL_S3 ?? parsed.endpointUrl;
    const config = awsClientConfig({ ...aws, endpointUrl: s3Endpoint });
    const [{ S3Client }, { S3DigestStore }] = await Promise.all([import('@aws-sdk/client-s3'), import('../digest-io/s3-digest-store.js')]);
    store = new S3DigestStore(new S3Client({ ...config, ...credentials, followRegionRedirects: true, maxAttempts: 5 }));
    concurrency ??= 16;
  }
  let organizationId: string | undefined;
  if (isOrganizationTrail || (parsed.accountId && parsed.accountId !== arn.accountId)) {
    organizationId = await discoverOrganizationId(store, bucket, prefix, parsed.accountId ?? arn.accountId, signal);
  }
  return {
    trailArn: parsed.trailArn,
    start: parsed.start,
    end: parsed.end,
    bucket,
    prefix,
    accountId: parsed.accountId,
    sourceRegion: region,
    organizationId,
    concurrency,
    store,
    publicKeys: keys,
  };
}

/** Validation prepared from `tlstop validate` arguments, for the TUI panel (the `v` key). */
export interface PreparedValidation {
  /** What will be validated, for the panel's title. */
  describe: string;
  /** Resolve keys, bucket and store (may call AWS); rejects with a clear message. */
  resolve(signal: AbortSignal): Promise<ValidateChainOptions>;
}

/** Parse validate arguments now (usage errors at start-up); resolve AWS parts later. */
export function prepareValidation(argv: string[], env: NodeJS.ProcessEnv): PreparedValidation | Error {
  const parsed = parseArgs(argv, new Date());
  if (parsed instanceof Error) return parsed;
  if ('help' in parsed) return new Error('unexpected --help among validation options');
  const localProblem = localCopyProblem(parsed);
  if (localProblem) return new Error(localProblem);
  // The key file too is read now: a FIFO, a device or a bad file is a usage error at start-up.
  let fileKeys: FilePublicKeys | undefined;
  if (parsed.publicKeys !== undefined) {
    fileKeys = new FilePublicKeys(parsed.publicKeys);
    try {
      fileKeys.loadSync();
    } catch (error) {
      return new Error((error as Error).message);
    }
  }
  const where = parsed.local
    ? `local copy ${sanitizeForTerminal(parsed.local)}`
    : parsed.bucket
      ? `s3://${parsed.bucket}/${parsed.prefix ?? ''}`
      : "the trail's bucket";
  return {
    describe: `trail ${parsed.trailArn} from ${parsed.start.toISOString()} to ${parsed.end.toISOString()}, ${where}`,
    async resolve(signal) {
      try {
        return await resolveValidation(parsed, env, signal, fileKeys);
      } catch (error) {
        if (error instanceof ValidationFatalError || (error as Error)?.name === 'Error') throw error;
        throw new Error(describeAwsError(error), { cause: error });
      }
    },
  };
}

/**
 * Run `tlstop validate` with `argv` (the words after `validate`); resolves with the exit
 * status: 0 all valid, 1 anything invalid, 2 usage error or fatal error.
 */
export async function runValidateCommand(
  argv: string[],
  io: ValidateIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const parsed = parseArgs(argv, new Date());
  if (parsed instanceof Error) {
    io.stderr.write(`tlstop validate: ${sanitizeForTerminal(parsed.message)}\nRun \`tlstop validate --help\` for the options.\n`);
    return 2;
  }
  if ('help' in parsed) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr) : null;
  try {
    const options = await resolveValidation(parsed, io.env, signal);

    const text = new TextWriter(io, parsed.verbose, () => progress?.clear());
    const json = (value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);
    const summary = await validateDigestChain(
      options,
      {
        onInfo: (line) => {
          if (!parsed.json) text.header(line);
        },
        onVerdict: (verdict) => {
          if (parsed.json) json({ type: 'verdict', ...verdict });
          else text.status(verdictLine(safeVerdict(verdict)), !verdict.valid);
        },
        onGap: (gap: Gap) => {
          if (parsed.json) json({ type: 'gap', ...gap });
          else text.status(gap.message, true);
        },
        onProgress: (p) => progress?.update(p),
      },
      signal,
    );
    progress?.clear();
    if (parsed.json) json({ type: 'summary', ...summary });
    else text.summary(summary.summaryLines);
    return summary.anyInvalid ? 1 : 0;
  } catch (error) {
    progress?.clear();
    const message =
      error instanceof ValidationFatalError || (error as Error)?.name === 'Error' ? (error as Error).message : describeAwsError(error);
    io.stderr.write(`tlstop validate: ${sanitizeForTerminal(message)}\n`);
    return 2;
  }
}
