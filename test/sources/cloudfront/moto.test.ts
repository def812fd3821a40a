/**
 * `--resolve-names` over the real SDK against moto_server on 127.0.0.1, with distributions
 * made through the SDK (CreateDistribution). What moto 5.2.1 does with ListDistributions:
 * it lists every distribution with its Id, ARN, Status and DomainName, but leaves Aliases
 * and Comment out of each DistributionSummary (its GetDistribution has them), and it does not
 * page (MaxItems and Marker are ignored, IsTruncated is always false). So aliases, comments
 * and paging are tested against a server speaking CloudFront's wire format
 * (distribution-names.test.ts); here: the IDs and domains, the signing that moto checks when
 * its IAM enforcement is on, and a call that IAM refuses.
 */
import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetDistributionCommand,
  ListDistributionsCommand,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { displayName } from '../../../src/events/distribution-name.js';
import { resolveDistributionNames } from '../../../src/sources/cloudfront/index.js';
import { resetMoto, startMoto, TEST_CREDENTIALS, type MotoServer } from '../../helpers/moto.js';
import { describeWithTool } from '../../helpers/tools.js';

/** The least CreateDistribution needs in moto 5.2.1: a caller reference, one origin and a default cache behaviour pointing at it. */
function config(reference: string, extra: Partial<DistributionConfig>): DistributionConfig {
  return {
    CallerReference: reference,
    Comment: '',
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'origin',
          DomainName: 'origin.example.com',
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'origin',
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    ...extra,
  };
}

describeWithTool('moto_server', 'CloudFront names against moto_server', () => {
  let moto: MotoServer;
  let client: CloudFrontClient;

  beforeAll(async () => {
    moto = await startMoto();
    client = new CloudFrontClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  });

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  /** Create distributions through the SDK; returns what CreateDistribution answered. */
  async function create(configs: DistributionConfig[]): Promise<Array<{ id: string; domainName: string; config: DistributionConfig }>> {
    const created = [];
    for (const c of configs) {
      const out = await client.send(new CreateDistributionCommand({ DistributionConfig: c }));
      created.push({ id: out.Distribution!.Id!, domainName: out.Distribution!.DomainName!, config: c });
    }
    return created;
  }

  /** An IAM user with an inline policy (IAM's query protocol; moto routes it by the credential scope and checks nothing while IAM is off). */
  async function iamUser(name: string, allow: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const call = async (params: Record<string, string>) => {
      const response = await fetch(`${moto.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`IAM ${params.Action}: HTTP ${response.status}: ${text}`);
      return text;
    };
    await call({ Action: 'CreateUser', UserName: name });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: allow, Resource: '*' }] };
    await call({ Action: 'PutUserPolicy', UserName: name, PolicyName: 'tlstop', PolicyDocument: JSON.stringify(policy) });
    const key = await call({ Action: 'CreateAccessKey', UserName: name });
    const field = (tag: string) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(key)?.[1] ?? '';
    return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey') };
  }

  /** Switch moto's IAM enforcement on (every later call is checked) or off. */
  async function enforceIam(on: boolean): Promise<void> {
    const response = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: on ? '0' : 'inf' });
    expect(response.ok).toBe(true);
  }

  it('resolves every distribution made with CreateDistribution, with its domain; aliases and comment as moto lists them', async () => {
    await resetMoto(moto.endpoint);
    const created = await create([
      config('shop', { Aliases: { Quantity: 2, Items: ['shop.example.com', 'www.shop.example.com'] }, Comment: 'shop, production' }),
      config('partner', { Comment: 'partner API (mTLS)' }),
      config('bare', {}),
    ]);
    // moto keeps the aliases and the comment: GetDistribution returns them.
    const stored = await client.send(new GetDistributionCommand({ Id: created[0]!.id }));
    expect(stored.Distribution?.DistributionConfig?.Aliases?.Items).toEqual(['shop.example.com', 'www.shop.example.com']);
    expect(stored.Distribution?.DistributionConfig?.Comment).toBe('shop, production');
    // ...but its ListDistributions (5.2.1) leaves them out of the summaries.
    const listed = await client.send(new ListDistributionsCommand({}));
    const motoListsNames = (listed.DistributionList?.Items ?? []).some((d) => d.Aliases?.Items?.length || d.Comment);

    const { names, status } = await resolveDistributionNames(
      { endpointUrl: moto.endpoint, region: 'eu-west-1', credentials: TEST_CREDENTIALS },
      new AbortController().signal,
    );
    expect(status).toMatchObject({ state: 'done' });
    expect([...names.keys()].sort()).toEqual(created.map((c) => c.id).sort());
    for (const c of created) {
      expect(names.get(c.id)).toEqual({
        aliases: motoListsNames ? (c.config.Aliases?.Items ?? []) : [],
        comment: motoListsNames ? (c.config.Comment ?? '') : '',
        domainName: c.domainName,
      });
    }
    expect(displayName(names.get(created[0]!.id))).toBe(motoListsNames ? 'shop.example.com' : undefined);
    expect(status.message).toBe(`ListDistributions: 3 distributions, ${motoListsNames ? 2 : 0} with a name.`);
  });

  it('moto does not page ListDistributions: every distribution in one answer, whatever MaxItems says', async () => {
    await resetMoto(moto.endpoint);
    await create(Array.from({ length: 4 }, (_, i) => config(`page-${i}`, {})));
    const page = await client.send(new ListDistributionsCommand({ MaxItems: 1 }));
    expect(page.DistributionList?.IsTruncated).toBe(false);
    expect(page.DistributionList?.Items).toHaveLength(4);
    const { names } = await resolveDistributionNames(
      { endpointUrl: moto.endpoint, credentials: TEST_CREDENTIALS },
      new AbortController().signal,
    );
    expect(names.size).toBe(4);
  });

  it('with IAM enforced: a user allowed cloudfront:ListDistributions gets the names, one without it gets a status naming the permission and no names', async () => {
    await resetMoto(moto.endpoint);
    const [one] = await create([config('iam', { Comment: 'iam' })]);
    const reader = await iamUser('names-reader', 'cloudfront:ListDistributions');
    const other = await iamUser('names-other', 'cloudfront:GetDistribution');
    await enforceIam(true);
    try {
      // moto checks the SDK's SigV4 signature (scope us-east-1/cloudfront) and the policy.
      const allowed = await resolveDistributionNames({ endpointUrl: moto.endpoint, credentials: reader }, new AbortController().signal);
      expect(allowed.status.state).toBe('done');
      expect([...allowed.names.keys()]).toEqual([one!.id]);

      // moto answers the refusal in the query protocol's error shape, which the rest-XML SDK
      // cannot read (it says `Unknown`, HTTP 403): still worded as the refusal it is.
      const refused = await resolveDistributionNames({ endpointUrl: moto.endpoint, credentials: other }, new AbortController().signal);
      expect(refused.names.size).toBe(0);
      expect(refused.status.state).toBe('error');
      expect(refused.status.message).toMatch(
        /^ListDistributions: Access denied: .*\(needed: cloudfront:ListDistributions\)\. Grant the IAM permission named above to the credentials in use\. Distributions show by ID\.$/,
      );
    } finally {
      await enforceIam(false);
    }
  });
});
