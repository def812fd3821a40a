/**
 * Coercion of untrusted field values (from JSON or from delimited text) into the types
 * of the normalised events. Each returns BAD_FIELD for a value of the wrong type, so a
 * caller can turn it into a `bad-field-type` outcome without exceptions.
 */

/** Marker for a field whose value has the wrong type. */
export const BAD_FIELD: unique symbol = Symbol('bad-field');
/** Type of BAD_FIELD. */
export type BadField = typeof BAD_FIELD;

/** Longest numeric text accepted; longer "numbers" are hostile padding. */
const MAX_NUMBER_TEXT = 32;

/**
 * Parse plain decimal text (`123`, `-4`, `15.5`, surrounding spaces allowed); NaN for
 * anything else, including hex, exponents, `Infinity` and the empty string, which
 * `Number()` would happily accept.
 */
export function parseDecimal(text: string): number {
  let s = text;
  if (s.length === 0) return NaN;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) s = s.trim();
  const n = s.length;
  if (n === 0 || n > MAX_NUMBER_TEXT) return NaN;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return NaN;
  }
  return digits > 0 ? Number(s) : NaN;
}

/** Latest epoch ms a JavaScript Date can hold; later timestamps would make `toISOString()` throw downstream. */
export const MAX_EPOCH_MS = 8.64e15;

/** True for values that mean "field absent": undefined, null, `""`, `-`. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === '-';
}

/** A text field: strings pass, finite numbers are coerced, absent values (incl. `-`) give undefined. */
export function optionalText(value: unknown): string | undefined | BadField {
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return BAD_FIELD;
}

/** Like optionalText but keeps `-` and `""` as they are (firewall fields, where `-` is data). */
export function optionalRawText(value: unknown): string | undefined | BadField {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return BAD_FIELD;
}

/** A count or duration: like optionalNumber, but negative values are BAD_FIELD. */
export function optionalNonNegative(value: unknown): number | undefined | BadField {
  const n = optionalNumber(value);
  return typeof n === 'number' && n < 0 ? BAD_FIELD : n;
}

/** A numeric field: finite numbers, or decimal text; absent values give undefined. */
export function optionalNumber(value: unknown): number | undefined | BadField {
  if (typeof value === 'number') return Number.isFinite(value) ? value : BAD_FIELD;
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') {
    const n = parseDecimal(value);
    return Number.isNaN(n) ? BAD_FIELD : n;
  }
  return BAD_FIELD;
}

function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z` between `start` and `end` of `text`, without slicing
 * and without Date.parse (this is the shape AWS writes); NaN for anything else.
 */
function parseUtcIsoAt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < 20 || text.charCodeAt(end - 1) !== 90 /* Z */ || text.charCodeAt(start + 10) !== 84 /* T */) return NaN;
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
  if (text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58) return NaN;
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  const hour = digitsAt(text, start + 11, 2);
  const minute = digitsAt(text, start + 14, 2);
  const second = digitsAt(text, start + 17, 2);
  if (year < 0 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return NaN;
  let ms = 0;
  if (n > 20) {
    const digits = n - 21;
    if (text.charCodeAt(start + 19) !== 46 || digits < 1 || digitsAt(text, start + 20, digits) < 0) return NaN;
    ms = digitsAt(text, start + 20, Math.min(3, digits)) * (digits === 1 ? 100 : digits === 2 ? 10 : 1);
  }
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); cheaper than Date.UTC. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Parse ISO 8601 text to epoch ms, NaN when it is not ISO-shaped. The shape check
 * (`YYYY-MM-DD...`) keeps Date.parse from accepting free text such as `Jun 5`.
 */
export function parseIsoTime(text: string): number {
  if (text.length < 10 || text.length > 40) return NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const fast = parseUtcIsoAt(text, 0, text.length);
  if (!Number.isNaN(fast)) return fast;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  return Date.parse(text);
}

/**
 * An epoch-milliseconds timestamp: a number, decimal text, or ISO 8601 text, between
 * 1970 and the last instant a JavaScript Date can hold.
 * Undefined when absent, BAD_FIELD when present but unusable.
 */
export function optionalEpochMs(value: unknown): number | undefined | BadField {
  if (typeof value === 'number') return value >= 0 && value <= MAX_EPOCH_MS ? value : BAD_FIELD;
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') return BAD_FIELD;
  const c = value.charCodeAt(value.length > 4 ? 4 : 0);
  const n = c === 45 ? parseIsoTime(value) : parseDecimal(value);
  return n >= 0 && n <= MAX_EPOCH_MS ? n : BAD_FIELD;
}

/** NotBefore / NotAfter of a `NotBefore=...;NotAfter=...` validity text, epoch ms; unparsable parts are undefined. */
export interface CertValidity {
  notBefore: number | undefined;
  notAfter: number | undefined;
}

/**
 * Parsed validity windows by text. Clients reuse their certificates, so a file holds a
 * handful of distinct texts (three in a typical day) against one per line; a lookup is
 * about half the cost of even the fast-path parse. A pure memo, cleared when it fills.
 */
const validityCache = new Map<string, CertValidity>();
const VALIDITY_CACHE_SIZE = 4096;
/** Longest text worth reading (and memoising): a real validity is about 60 characters. */
const MAX_VALIDITY_LENGTH = 200;
const NO_VALIDITY: CertValidity = Object.freeze({ notBefore: undefined, notAfter: undefined });

/**
 * Parse `clientLeafCertValidity`; tolerant of order, spaces and case of the keys. The
 * result is shared between equal texts (frozen): treat it as read-only.
 */
export function parseCertValidity(text: string): CertValidity {
  if (text.length > MAX_VALIDITY_LENGTH) return NO_VALIDITY;
  let result = validityCache.get(text);
  if (result === undefined) {
    result = parseCertValidityUncached(text);
    if (validityCache.size >= VALIDITY_CACHE_SIZE) validityCache.clear();
    validityCache.set(text, result);
  }
  return result;
}

function parseCertValidityUncached(text: string): CertValidity {
  // Fast path for the exact form CloudFront writes: NotBefore=<iso>;NotAfter=<iso>
  if (text.startsWith('NotBefore=')) {
    const split = text.indexOf(';NotAfter=', 10);
    if (split !== -1) {
      const notBefore = parseUtcIsoAt(text, 10, split);
      const notAfter = parseUtcIsoAt(text, split + 10, text.length);
      if (!Number.isNaN(notBefore) && !Number.isNaN(notAfter)) return Object.freeze({ notBefore, notAfter });
    }
  }
  return parseCertValidityTolerant(text);
}

function parseCertValidityTolerant(text: string): CertValidity {
  const result: CertValidity = { notBefore: undefined, notAfter: undefined };
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const ms = parseIsoTime(part.slice(eq + 1).trim());
    if (Number.isNaN(ms)) continue;
    if (key === 'notbefore') result.notBefore = ms;
    else if (key === 'notafter') result.notAfter = ms;
  }
  return Object.freeze(result);
}
