/**
 * moto_server with a proxy in front (for the requests and bytes tlstop sends, or for
 * answers moto does not give), and an S3 client that goes to moto directly to set
 * objects up. Registers its own beforeAll/afterAll; read the fields inside tests.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from '../../helpers/latency-proxy.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';

export interface MotoBehindProxy {
  moto: MotoServer;
  proxy: LatencyProxy;
  s3: S3Client;
}

export function useMotoBehindProxy(): MotoBehindProxy {
  const env = {} as MotoBehindProxy;
  beforeAll(async () => {
    env.moto = await startMoto();
    env.proxy = await startLatencyProxy(env.moto.endpoint, 0);
    env.s3 = new S3Client({ endpoint: env.moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, forcePathStyle: true });
  });
  afterAll(async () => {
    env.s3?.destroy();
    await env.proxy?.close();
    await env.moto?.stop();
  });
  return env;
}
