/**
 * The `--engine athena` branch of `tlstop report`: options, the table description
 * (`--athena-ddl` prints it, `--athena-create-table` runs it), the report's queries in
 * Athena, and the document printed as every report is. The work is in src/athena/.
 * report-command.ts imports it only for an Athena run: it loads the Athena client.
 */
import {
  AthenaQueryError,
  athenaClient,
  athenaReport,
  athenaRunner,
  checkName,
  createTableStatement,
  describeDelivery,
  queryContext,
  runAthenaQuery,
  type AthenaSettings,
} from '../athena/index.js';
import { describeAwsError } from '../aws/client-options.js';
import { parseS3Url } from '../sources/s3/s3-url.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { EXIT, untilInterrupted, usageError, type CliIo } from './io.js';
import { writeReport } from './report-output.js';
import type { AthenaValues } from './athena-options.js';
import type { SourceOptions } from './source-options.js';

/** Tests pass credentials for moto; otherwise the SDK's chain. */
export interface AthenaRunExtras {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  timings?: AthenaSettings['timings'];
}

export async function runAthenaReport(
  values: AthenaValues & { json?: boolean; distribution?: string[] },
  options: SourceOptions,
  expiringDays: number,
  io: CliIo,
  extras: AthenaRunExtras = {},
): Promise<number> {
  const fail = (message: string) => usageError(io, 'report', message);
  if (options.s3.length !== 1 || options.files.length > 0 || options.logGroups.length > 0 || options.logGroupPrefixes.length > 0)
    return fail('--engine athena and --athena-ddl take exactly one --s3 s3://BUCKET/PREFIX/ and no other source');
  const database = checkName(values['athena-database'] ?? 'default', '--athena-database');
  if (database instanceof Error) return fail(database.message);
  const table = values['athena-table'] === undefined ? undefined : checkName(values['athena-table'], '--athena-table');
  if (table instanceof Error) return fail(table.message);
  const output = values['athena-output'];
  if (output !== undefined && parseS3Url(output) instanceof Error)
    return fail(`--athena-output takes s3://BUCKET/PREFIX/ (got "${output}")`);
  if (values['athena-workgroup'] !== undefined && !/^[a-zA-Z0-9._-]{1,128}$/.test(values['athena-workgroup']))
    return fail('--athena-workgroup must be 1 to 128 letters, digits, dots, hyphens and underscores');
  const settings: AthenaSettings = {
    aws: {
      ...(options.region && { region: options.region }),
      ...(options.profile && { profile: options.profile }),
      ...(options.endpointUrl && { endpointUrl: options.endpointUrl }),
    },
    ...(values['athena-workgroup'] !== undefined && { workgroup: values['athena-workgroup'] }),
    ...(output !== undefined && { outputLocation: output }),
    ...(extras.credentials && { credentials: extras.credentials }),
    ...(extras.timings && { timings: extras.timings }),
  };
  const location = options.s3[0]!;
  const { result: status } = await untilInterrupted(async (signal) => {
    const described = await describeDelivery({
      location,
      aws: settings.aws,
      format: options.format,
      database,
      ...(table !== undefined && { table }),
      signal,
      ...(extras.credentials && { credentials: extras.credentials }),
    });
    if (described instanceof Error) {
      io.stderr.write(`tlstop report: ${described.message}\n`);
      return EXIT.usage;
    }
    let ddl: string;
    try {
      ddl = createTableStatement(described);
    } catch (error) {
      return fail((error as Error).message);
    }
    if (values['athena-ddl']) {
      io.stdout.write(`${ddl};\n`);
      return EXIT.ok;
    }
    const client = athenaClient(settings);
    try {
      const ctx = queryContext(client, described, settings, signal);
      if (values['athena-create-table']) await runAthenaQuery(ctx, ddl);
      const doc = await athenaReport(
        athenaRunner(ctx),
        described,
        {
          ...(options.sinceMs !== undefined && { sinceMs: options.sinceMs }),
          ...(options.untilMs !== undefined && { untilMs: options.untilMs }),
        },
        { distributions: values.distribution ?? [], expiringWithinDays: expiringDays },
      );
      const inputs = `Athena ${described.database}.${described.table} over s3://${described.bucket}/${described.prefix}`;
      return (await writeReport(io, doc, { json: values.json ?? false, inputs })).status;
    } catch (error) {
      // AthenaQueryError text is escaped where it is made; SDK errors are worded (and escaped) by describeAwsError.
      const message = error instanceof AthenaQueryError ? error.message : `Athena: ${describeAwsError(error)}`;
      io.stderr.write(`tlstop report: ${sanitizeForTerminal(message, 600)}\n`);
      return EXIT.usage;
    } finally {
      client.destroy();
    }
  });
  return status;
}
