/**
 * Builds the two CloudWatch Logs clients a source uses. Retries are the source's own
 * (so every fault shows on the status line), hence `maxAttempts: 1`.
 */
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { awsClientConfig } from '../../aws/client-options.js';
import type { CloudWatchSourceOptions } from './options.js';

function baseConfig(options: CloudWatchSourceOptions): CloudWatchLogsClientConfig {
  const { forcePathStyle: _unused, ...config } = awsClientConfig(options);
  return {
    ...config,
    maxAttempts: 1,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

/** Client for unary calls. */
export function createUnaryClient(options: CloudWatchSourceOptions): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    ...baseConfig(options),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 10_000, requestTimeout: 60_000 }),
  });
}

/**
 * Client for StartLiveTail. The SDK prefixes the host with `stream-` for this
 * operation; a custom endpoint (a local emulator) must not get it, hence
 * `disableHostPrefix`. No request timeout: the response is a long-lived stream, and
 * the Live Tail runner watches for silence itself.
 */
export function createLiveTailClient(options: CloudWatchSourceOptions): CloudWatchLogsClient {
  const requestHandler = options.liveTailHttp2
    ? new NodeHttp2Handler({ disableConcurrentStreams: true })
    : new NodeHttpHandler({ connectionTimeout: 10_000, requestTimeout: 0 });
  return new CloudWatchLogsClient({
    ...baseConfig(options),
    ...(options.endpointUrl ? { disableHostPrefix: true } : {}),
    requestHandler,
  });
}
