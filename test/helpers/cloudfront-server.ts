/**
 * A small local HTTP server speaking CloudFront's REST-XML wire format for
 * ListDistributions (`GET /2020-05-31/distribution?Marker=…&MaxItems=…`, a
 * `DistributionList` of `DistributionSummary` elements, NextMarker paging) and its XML
 * errors (`<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`),
 * because moto_server 5.2.1 neither pages ListDistributions nor puts Aliases and Comment in
 * its summaries. Besides the honest paging it can play a hostile or broken endpoint: a
 * marker that repeats, pages without end, MaxItems ignored, faults per call, a slow answer.
 */
import { createServer, type Server } from 'node:http';
import { listenLocal } from './listen-local.js';

/** A distribution the server lists. */
export interface ServedDistribution {
  id: string;
  aliases?: string[];
  comment?: string;
  /** Default `<id lowercased>.cloudfront.net`. */
  domainName?: string;
}

/** An error answer instead of a page. */
export interface ServedFault {
  status: number;
  code: string;
  message: string;
  /** A body that is not CloudFront's error XML (an HTML page from a proxy, say). */
  rawBody?: string;
}

export interface CloudFrontServerOptions {
  distributions: ServedDistribution[];
  /**
   * `ids` (default): NextMarker is the last ID of the page, as CloudFront does. `repeat`:
   * every page says it is truncated and hands back the same marker. `endless`: every page is
   * truncated with a new marker and one new distribution.
   */
  paging?: 'ids' | 'repeat' | 'endless';
  /** Put every distribution on one page, whatever MaxItems asks. */
  ignoreMaxItems?: boolean;
  /** Answer call `n` (0-based) with this fault instead of a page. */
  fault?: (call: number) => ServedFault | undefined;
  /** Wait this long before answering (to abort a call in flight). */
  delayMs?: number;
}

/** One request the server received. */
export interface CloudFrontCall {
  path: string;
  marker: string | undefined;
  maxItems: string | undefined;
  /** The SigV4 credential scope (`AKID/20260101/us-east-1/cloudfront/aws4_request`). */
  credentialScope: string | undefined;
}

export interface CloudFrontServer {
  endpoint: string;
  calls: CloudFrontCall[];
  stop(): Promise<void>;
}

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

/** XML text escaping. Other characters go out as they are, as a hostile endpoint would send them. */
function x(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function summary(d: ServedDistribution): string {
  const aliases = d.aliases ?? [];
  return (
    `<DistributionSummary><Id>${x(d.id)}</Id><ARN>arn:aws:cloudfront::123456789012:distribution/${x(d.id)}</ARN>` +
    `<ETag>E${x(d.id)}</ETag><Status>Deployed</Status><LastModifiedTime>2026-11-24T10:00:00.000Z</LastModifiedTime>` +
    `<DomainName>${x(d.domainName ?? `${d.id.toLowerCase()}.cloudfront.net`)}</DomainName>` +
    `<Aliases><Quantity>${aliases.length}</Quantity>` +
    (aliases.length ? `<Items>${aliases.map((a) => `<CNAME>${x(a)}</CNAME>`).join('')}</Items>` : '') +
    `</Aliases>` +
    `<Origins><Quantity>1</Quantity><Items><Origin><Id>origin</Id><DomainName>origin.example.com</DomainName>` +
    `<OriginPath></OriginPath><CustomHeaders><Quantity>0</Quantity></CustomHeaders>` +
    `<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig>` +
    `</Origin></Items></Origins><OriginGroups><Quantity>0</Quantity></OriginGroups>` +
    `<DefaultCacheBehavior><TargetOriginId>origin</TargetOriginId><ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>` +
    `<CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId></DefaultCacheBehavior>` +
    `<CacheBehaviors><Quantity>0</Quantity></CacheBehaviors><CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses>` +
    `<Comment>${x(d.comment ?? '')}</Comment><PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled>` +
    `<ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate></ViewerCertificate>` +
    `<Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>` +
    `<WebACLId></WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging>` +
    `</DistributionSummary>`
  );
}

function distributionList(page: ServedDistribution[], marker: string, maxItems: number, next: string | undefined): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DistributionList xmlns="${NS}">` +
    `<Marker>${x(marker)}</Marker>${next !== undefined ? `<NextMarker>${x(next)}</NextMarker>` : ''}` +
    `<MaxItems>${maxItems}</MaxItems><IsTruncated>${next !== undefined}</IsTruncated><Quantity>${page.length}</Quantity>` +
    (page.length ? `<Items>${page.map(summary).join('')}</Items>` : '') +
    `</DistributionList>`
  );
}

/** CloudFront's error body. */
export function errorBody(code: string, message: string, requestId = 'req-1'): string {
  return (
    `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${x(code)}</Code>` +
    `<Message>${x(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startCloudFrontServer(options: CloudFrontServerOptions): Promise<CloudFrontServer> {
  const calls: CloudFrontCall[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const auth = String(request.headers.authorization ?? '');
    const call = calls.length;
    calls.push({
      path: url.pathname,
      marker: url.searchParams.get('Marker') ?? undefined,
      maxItems: url.searchParams.get('MaxItems') ?? undefined,
      credentialScope: /Credential=([^,]+)/.exec(auth)?.[1],
    });
    const send = (status: number, body: string, type = 'text/xml') => {
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': type, 'x-amz-request-id': `req-${call + 1}` });
      response.end(body);
    };
    const answer = () => {
      const fault = options.fault?.(call);
      if (fault) {
        send(
          fault.status,
          fault.rawBody ?? errorBody(fault.code, fault.message, `req-${call + 1}`),
          fault.rawBody ? 'text/html' : 'text/xml',
        );
        return;
      }
      if (request.method !== 'GET' || url.pathname !== '/2020-05-31/distribution') {
        send(400, errorBody('InvalidArgument', `${request.method} ${url.pathname} is not served here`));
        return;
      }
      const marker = url.searchParams.get('Marker') ?? '';
      const maxItems = Number(url.searchParams.get('MaxItems') ?? '100');
      const paging = options.paging ?? 'ids';
      if (paging === 'repeat') {
        send(200, distributionList(options.distributions.slice(0, 1), marker, maxItems, 'AGAIN'));
        return;
      }
      if (paging === 'endless') {
        const n = marker === '' ? 0 : Number(marker.slice('page-'.length));
        send(200, distributionList([{ id: `EENDLESS${n}`, aliases: [`p${n}.example.com`] }], marker, maxItems, `page-${n + 1}`));
        return;
      }
      const all = options.distributions;
      const from = marker === '' ? 0 : all.findIndex((d) => d.id === marker) + 1;
      const size = options.ignoreMaxItems ? all.length : Math.max(1, maxItems);
      const page = all.slice(from, from + size);
      const more = from + page.length < all.length;
      send(200, distributionList(page, marker, maxItems, more ? page.at(-1)?.id : undefined));
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  const listening = await listenLocal(server);
  return { endpoint: listening.endpoint, calls, stop: listening.close };
}
