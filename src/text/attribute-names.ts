/**
 * How the change detector's attributes are named wherever they are printed (the
 * monitor's change line and Changes pane, the text report): one wording for both.
 */

/** A short label per attribute field (`clientPrefix` reads as `clients 198.51.100.0/24`). */
export const ATTRIBUTE_LABELS: Readonly<Record<string, string>> = {
  issuer: 'issuer',
  subject: 'subject',
  serial: 'serial',
  sni: 'SNI',
  protocol: 'TLS',
  cipher: 'cipher',
  clientPrefix: 'clients',
  serverIp: 'edge',
  tenant: 'tenant',
  certValidity: 'cert',
  destination: 'destination',
  sourcePrefix: 'sources',
  firewall: 'firewall',
  zone: 'zone',
};

/** Fields whose values are certificate names (distinguished names). */
export function isCertificateName(field: string): boolean {
  return field === 'issuer' || field === 'subject';
}

/**
 * The `CN=…` part of a distinguished name (`C=US, O=Example, CN=Partner CA G1` gives
 * `CN=Partner CA G1`), or null when it has none: the rest of a DN is the same for every
 * CA of one organisation. Raw in, raw out: sanitise the result before printing it.
 */
export function commonNamePart(dn: string): string | null {
  const cn = /(?:^|[,/]\s*)(CN=[^,/]+)/.exec(dn);
  const part = cn?.[1]?.trim();
  return part === undefined || part === '' || part === 'CN=' ? null : part;
}
