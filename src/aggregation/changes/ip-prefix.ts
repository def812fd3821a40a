/**
 * The network a client address belongs to, for attribution: the /24 of an IPv4
 * address (`203.0.113.0/24`) and the /48 of an IPv6 address (`2001:db8:85a3::/48`).
 * IPv4-mapped IPv6 addresses (`::ffff:198.51.100.7`) count as the IPv4 address they
 * carry. Input is hostile: anything that is not a well-formed address gives null.
 */

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** The /24 (IPv4) or /48 (IPv6) prefix of `ip` in canonical text, or null when `ip` is not an address. */
export function clientIpPrefix(ip: string | undefined): string | null {
  if (ip === undefined || ip.length === 0 || ip.length > 64) return null;
  if (ip.includes(':')) return ipv6Prefix(ip);
  const octets = ipv4Octets(ip);
  if (octets === null) return null;
  const network = (octets[0]! << 16) | (octets[1]! << 8) | octets[2]!;
  let prefix = prefixes.get(network);
  if (prefix === undefined) {
    // join() builds a flat string (a template literal this long is a rope that every comparison would flatten).
    prefix = [octets[0], octets[1], octets[2], '0/24'].join('.');
    if (prefixes.size >= MAX_CACHED_PREFIXES) prefixes.clear();
    prefixes.set(network, prefix);
  }
  return prefix;
}

/** /24 texts by network number: one string per network, not one per event (a pure memo, cleared when it fills). */
const prefixes = new Map<number, string>();
const MAX_CACHED_PREFIXES = 65_536;
const octetScratch = [0, 0, 0, 0];

/**
 * The four octets of dotted-quad text (1 to 3 ASCII digits each, at most 255), or null;
 * scanned by hand (a regular expression was a tenth of a report's time). The result is
 * a shared scratch array: read it before the next call.
 */
function ipv4Octets(ip: string): number[] | null {
  const out = octetScratch;
  let octet = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      value = value * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && octet < 3) {
      if (value > 255) return null;
      out[octet++] = value;
      value = 0;
      digits = 0;
    } else return null;
  }
  if (octet !== 3 || digits === 0 || value > 255) return null;
  out[3] = value;
  return out;
}

function ipv6Prefix(raw: string): string | null {
  // A zone index (`fe80::1%eth0`) does not change the network.
  const ip = raw.split('%', 1)[0]!;
  const hextets = ipv6Hextets(ip);
  if (hextets === null) return null;
  // ::ffff:a.b.c.d (IPv4-mapped): the IPv4 network.
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    const hi = hextets[6]!;
    const lo = hextets[7]!;
    return [hi >> 8, hi & 0xff, lo >> 8, '0/24'].join('.');
  }
  const [a, b, c] = hextets as [number, number, number];
  // Canonical text of a:b:c:: (RFC 5952: lowercase, no leading zeros, trailing zeros compressed).
  const parts = [a, b, c];
  while (parts.length > 0 && parts[parts.length - 1] === 0) parts.pop();
  return parts.length === 0 ? '::/48' : [...parts.map((h) => h.toString(16)), ':/48'].join(':');
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 part), or null. */
function ipv6Hextets(ip: string): number[] | null {
  let text = ip;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const octets = ipv4Octets(text.slice(lastColon + 1));
    if (octets === null) return null;
    tail.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
    // Keep a "::" right before the IPv4 part; drop a single separating colon.
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!HEXTET.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  if (head === null) return null;
  if (halves.length === 1) {
    const all = [...head, ...tail];
    return all.length === 8 ? all : null;
  }
  const rest = parse(halves[1]!);
  if (rest === null) return null;
  const known = head.length + rest.length + tail.length;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}
