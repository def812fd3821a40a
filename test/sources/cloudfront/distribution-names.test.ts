/**
 * `--resolve-names` over the real SDK against a local server that speaks CloudFront's
 * REST-XML ListDistributions (test/helpers/cloudfront-server.ts): aliases and comments,
 * Marker/NextMarker paging, the bounds a hostile endpoint meets, a refused call
 * (AccessDenied, 403), missing credentials, an unreachable endpoint, an abort, and where
 * the calls go and are signed for. moto_server's part is in moto.test.ts.
 */
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { afterEach, describe, expect, it } from 'vitest';
import { displayName } from '../../../src/events/distribution-name.js';
import {
  createCloudFrontClient,
  NAME_LIMITS,
  resolveDistributionNames,
  type DistributionNameOptions,
} from '../../../src/sources/cloudfront/index.js';
import { describeFault } from '../../../src/sources/cloudwatch/error-kind.js';
import { sanitizeForTerminal } from '../../../src/text/sanitize.js';
import {
  startCloudFrontServer,
  type CloudFrontServer,
  type CloudFrontServerOptions,
  type ServedDistribution,
} from '../../helpers/cloudfront-server.js';
import { freePort, TEST_CREDENTIALS } from '../../helpers/moto.js';
import { waitFor } from '../../helpers/wait-for.js';

const DENIED_MESSAGE =
  'User: arn:aws:iam::123456789012:user/rollout is not authorized to perform: cloudfront:ListDistributions on resource: ' +
  'arn:aws:cloudfront::123456789012:* because no identity-based policy allows the cloudfront:ListDistributions action';

let server: CloudFrontServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function serve(options: CloudFrontServerOptions): Promise<CloudFrontServer> {
  server = await startCloudFrontServer(options);
  return server;
}

function resolve(endpointUrl: string, extra: Partial<DistributionNameOptions> = {}, signal = new AbortController().signal) {
  return resolveDistributionNames({ endpointUrl, credentials: TEST_CREDENTIALS, ...extra }, signal);
}

/** `count` distributions `E0000…`, every third without alias, every fifth without comment either. */
function fleet(count: number): ServedDistribution[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `E${String(i).padStart(12, '0')}`;
    return {
      id,
      ...(i % 3 !== 0 && { aliases: [`app${i}.example.com`, `www.app${i}.example.com`] }),
      ...(i % 5 !== 0 && { comment: `app ${i}` }),
    };
  });
}

describe('resolveDistributionNames against a CloudFront REST-XML server', () => {
  it('reads aliases, comment and domain of every distribution, page by page with Marker/NextMarker', async () => {
    const served = fleet(250);
    const cf = await serve({ distributions: served });
    const { names, status } = await resolve(cf.endpoint);

    expect(cf.calls.map((c) => [c.path, c.marker, c.maxItems])).toEqual([
      ['/2020-05-31/distribution', undefined, '100'],
      ['/2020-05-31/distribution', 'E000000000099', '100'],
      ['/2020-05-31/distribution', 'E000000000199', '100'],
    ]);
    expect(names.size).toBe(250);
    expect(names.get('E000000000001')).toEqual({
      aliases: ['app1.example.com', 'www.app1.example.com'],
      comment: 'app 1',
      domainName: 'e000000000001.cloudfront.net',
    });
    expect(names.get('E000000000003')).toEqual({ aliases: [], comment: 'app 3', domainName: 'e000000000003.cloudfront.net' });
    expect(names.get('E000000000000')).toEqual({ aliases: [], comment: '', domainName: 'e000000000000.cloudfront.net' });
    expect(displayName(names.get('E000000000001'))).toBe('app1.example.com');
    expect(displayName(names.get('E000000000003'))).toBe('app 3');
    expect(displayName(names.get('E000000000000'))).toBeUndefined();

    const named = served.filter((d) => d.aliases || d.comment).length;
    expect(status).toEqual({
      id: 'cloudfront-names',
      label: 'CloudFront names',
      state: 'done',
      message: `ListDistributions: 250 distributions, ${named} with a name.`,
    });
  });

  it('signs for us-east-1 at a custom endpoint, whatever --region says', async () => {
    const cf = await serve({ distributions: fleet(1) });
    const { names } = await resolve(cf.endpoint, { region: 'eu-west-1' });
    expect(names.size).toBe(1);
    expect(cf.calls[0]?.credentialScope).toMatch(/^testing\/\d{8}\/us-east-1\/cloudfront\/aws4_request$/);
  });

  it("without --endpoint-url, goes to the partition's global CloudFront endpoint and signs for its region", async () => {
    const cases: Array<[region: string, host: string, signingRegion: string]> = [
      ['eu-west-1', 'cloudfront.amazonaws.com', 'us-east-1'],
      ['us-east-1', 'cloudfront.amazonaws.com', 'us-east-1'],
      ['cn-north-1', 'cloudfront.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1'],
    ];
    for (const [region, host, signingRegion] of cases) {
      const client = createCloudFrontClient({ region, credentials: TEST_CREDENTIALS });
      let seen: { hostname: string; authorization: string } | undefined;
      // The last middleware before the HTTP handler sees the signed request; it stops there, so nothing leaves the machine.
      client.middlewareStack.add(
        () => async (args) => {
          const request = args.request as { hostname: string; headers: Record<string, string> };
          seen = { hostname: request.hostname, authorization: request.headers.authorization ?? '' };
          throw new Error('stopped before sending');
        },
        { step: 'deserialize', priority: 'low' },
      );
      await expect(client.send(new ListDistributionsCommand({}))).rejects.toThrow('stopped before sending');
      client.destroy();
      expect(seen?.hostname, region).toBe(host);
      expect(seen?.authorization, region).toContain(`/${signingRegion}/cloudfront/aws4_request`);
    }
  });

  it('keeps hostile strings raw but bounded: 20 aliases, 256 characters, no split surrogate pair, no overlong ID', async () => {
    const long = 'a'.repeat(300);
    const hostile = 'evil\u001b]0;owned\u0007\u202e.example.com';
    const cf = await serve({
      distributions: [
        {
          id: 'EHOSTILE',
          aliases: [hostile, '', ...Array.from({ length: 40 }, (_, i) => `${i}.${long}`)],
          comment: `${'c'.repeat(255)}\u{1f600}tail`,
          domainName: long,
        },
        { id: 'E'.repeat(NAME_LIMITS.maxText + 1), aliases: ['dropped.example.com'] },
      ],
    });
    const { names, status } = await resolve(cf.endpoint);
    expect([...names.keys()]).toEqual(['EHOSTILE']);
    const name = names.get('EHOSTILE')!;
    expect(name.aliases).toHaveLength(NAME_LIMITS.maxAliases);
    expect(name.aliases[0]).toBe(hostile); // raw: the display escapes it
    expect(name.aliases[1]).toBe(`0.${long}`.slice(0, NAME_LIMITS.maxText));
    expect(name.comment).toBe('c'.repeat(255)); // the emoji's pair would straddle the bound: cut before it
    expect(name.domainName).toHaveLength(NAME_LIMITS.maxText);
    expect(sanitizeForTerminal(displayName(name)!)).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(status.message).toBe('ListDistributions: 1 distribution, 1 with a name.');
  });

  it('stops at the page bound on an endpoint that pages without end', async () => {
    const cf = await serve({ distributions: [], paging: 'endless' });
    const { names, status } = await resolve(cf.endpoint);
    expect(cf.calls).toHaveLength(NAME_LIMITS.maxPages);
    expect(names.size).toBe(NAME_LIMITS.maxPages);
    expect(status.state).toBe('done');
    expect(status.message).toBe('ListDistributions: 100 distributions, 100 with a name; stopped after 100 pages, the rest show by ID.');
  });

  it('stops when the endpoint hands back a marker it gave before', async () => {
    const cf = await serve({ distributions: fleet(2), paging: 'repeat' });
    const { names, status } = await resolve(cf.endpoint);
    expect(cf.calls.map((c) => c.marker)).toEqual([undefined, 'AGAIN']);
    expect(names.size).toBe(1);
    expect(status.message).toBe('ListDistributions: 1 distribution, 0 with a name; the listing repeated itself, so tlstop stopped there.');
  });

  it('keeps at most 10,000 distributions when a page ignores MaxItems', async () => {
    const cf = await serve({ distributions: fleet(NAME_LIMITS.maxDistributions + 50), ignoreMaxItems: true });
    const { names, status } = await resolve(cf.endpoint);
    expect(cf.calls).toHaveLength(1);
    expect(names.size).toBe(NAME_LIMITS.maxDistributions);
    expect(status.message).toBe('ListDistributions: stopped at 10,000 distributions; the rest show by ID.');
  }, 30_000);

  it('a refused call (AccessDenied, 403) names cloudfront:ListDistributions, returns no names, and says the IDs stay', async () => {
    const cf = await serve({
      distributions: fleet(3),
      fault: () => ({ status: 403, code: 'AccessDenied', message: DENIED_MESSAGE }),
    });
    const { names, status } = await resolve(cf.endpoint);
    expect(cf.calls).toHaveLength(1); // a refusal is not retried
    expect(names.size).toBe(0);
    expect(status.state).toBe('error');
    expect(status.message).toMatch(
      /^ListDistributions: Access denied: User: arn:aws:iam::123456789012:user\/rollout is not authorized to perform: cloudfront:ListDistributions .*\. Grant the IAM permission named above to the credentials in use\. Distributions show by ID\.$/,
    );
  });

  it('names the permission when the refusal does not (a terse message, or a 403 that is not CloudFront XML)', async () => {
    const terse = await serve({ distributions: [], fault: () => ({ status: 403, code: 'AccessDenied', message: 'Access Denied' }) });
    const first = await resolve(terse.endpoint);
    expect(first.status.message).toBe(
      'ListDistributions: Access denied: Access Denied (needed: cloudfront:ListDistributions). ' +
        'Grant the IAM permission named above to the credentials in use. Distributions show by ID.',
    );
    await terse.stop();

    const proxy = await serve({
      distributions: [],
      fault: () => ({ status: 403, code: '', message: '', rawBody: '<html><body><h1>403 Forbidden</h1></body></html>' }),
    });
    const second = await resolve(proxy.endpoint);
    expect(second.names.size).toBe(0);
    expect(second.status.state).toBe('error');
    expect(second.status.message).toMatch(
      /^ListDistributions: Access denied: .*\(needed: cloudfront:ListDistributions\)\. Grant the IAM permission/,
    );
  });

  it('a fault after some pages keeps the names listed before it and says so', async () => {
    const cf = await serve({
      distributions: fleet(250),
      fault: (call) => (call >= 1 ? { status: 503, code: 'ServiceUnavailable', message: 'try later' } : undefined),
    });
    const { names, status } = await resolve(cf.endpoint);
    expect(cf.calls.length).toBe(1 + 3); // the SDK's standard retries, 3 attempts
    expect(names.size).toBe(100);
    expect(status.state).toBe('error');
    expect(status.message).toMatch(
      /^ListDistributions: ServiceUnavailable \(HTTP 503\): try later\. Named 100 distributions before the fault; the others show by ID\.$/,
    );
  }, 20_000);

  it('missing credentials: says how to provide them', async () => {
    const cf = await serve({ distributions: fleet(1) });
    const noCredentials = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const { names, status } = await resolveDistributionNames(
      { endpointUrl: cf.endpoint, credentials: noCredentials },
      new AbortController().signal,
    );
    expect(cf.calls).toHaveLength(0);
    expect(names.size).toBe(0);
    expect(status.state).toBe('error');
    expect(status.message).toBe(
      'ListDistributions: No AWS credentials found (Could not load credentials from any providers). ' +
        'Set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. Distributions show by ID.',
    );
  });

  it('an unreachable endpoint: says which, and what to check', async () => {
    const port = await freePort();
    const { names, status } = await resolve(`http://127.0.0.1:${port}`);
    expect(names.size).toBe(0);
    expect(status.state).toBe('error');
    expect(status.message).toBe(
      `ListDistributions: Cannot reach the endpoint (ECONNREFUSED, 127.0.0.1:${port}). Check the network, the proxy or --endpoint-url. Distributions show by ID.`,
    );
  }, 20_000);

  it('an abort ends a call in flight at once, and resolves with what it has', async () => {
    const cf = await serve({ distributions: fleet(1), delayMs: 10_000 });
    const abort = new AbortController();
    const started = Date.now();
    const running = resolve(cf.endpoint, {}, abort.signal);
    await waitFor(() => cf.calls.length === 1, 'the first ListDistributions call');
    abort.abort();
    const { names, status } = await running;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(names.size).toBe(0);
    expect(status).toMatchObject({ state: 'done', message: 'ListDistributions: stopped; 0 distributions, 0 with a name.' });

    const before = await resolve(cf.endpoint, {}, AbortSignal.abort());
    expect(before.status.message).toBe('ListDistributions: stopped before the first page. Distributions show by ID.');
    expect(cf.calls).toHaveLength(1);
  });
});

describe('describeFault with another service', () => {
  it('names service:operation for a refusal, once', () => {
    const denied = { name: 'AccessDenied', message: 'Access Denied', $metadata: { httpStatusCode: 403 } };
    expect(describeFault(denied, 'ListDistributions', 'cloudfront').what).toBe(
      'Access denied: Access Denied (needed: cloudfront:ListDistributions)',
    );
    expect(describeFault(denied, 'FilterLogEvents').what).toBe('Access denied: Access Denied (needed: logs:FilterLogEvents)');
    const named = { ...denied, message: 'not authorized to perform: cloudfront:ListDistributions' };
    expect(describeFault(named, 'ListDistributions', 'cloudfront').what).toBe(
      'Access denied: not authorized to perform: cloudfront:ListDistributions',
    );
  });

  it('words a bare 403 as the refusal it is, and leaves other faults alone', () => {
    const bare = { name: 'Unknown', message: 'UnknownError', $metadata: { httpStatusCode: 403 } };
    expect(describeFault(bare, 'ListDistributions', 'cloudfront')).toEqual({
      what: 'Access denied: Unknown (HTTP 403): UnknownError (needed: cloudfront:ListDistributions)',
      advice: 'Grant the IAM permission named above to the credentials in use.',
    });
    const missing = { name: 'NoSuchDistribution', message: 'gone', $metadata: { httpStatusCode: 404 } };
    expect(describeFault(missing, 'ListDistributions', 'cloudfront')).toEqual({ what: 'NoSuchDistribution (HTTP 404): gone' });
  });
});
