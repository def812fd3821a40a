/**
 * CloudTrail public keys: fingerprints computed from the key bytes (never taken on
 * trust), PKCS#1 or SPKI DER, and the `list-public-keys` JSON shape.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** One key as ListPublicKeys returns it (Value is base64 DER in the JSON form). */
export interface PublicKeyRecord {
  /** DER bytes of the key. */
  der: Uint8Array;
  validityStart?: Date | undefined;
  validityEnd?: Date | undefined;
}

/** Lowercase hex MD5 of the key's DER bytes: CloudTrail's fingerprint. */
export function fingerprintOf(der: Uint8Array): string {
  return createHash('md5').update(der).digest('hex');
}

/** A KeyObject from PKCS#1 or SPKI DER, or null when the bytes are neither. */
export function loadRsaPublicKey(der: Uint8Array): KeyObject | null {
  const buffer = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      const key = createPublicKey({ key: buffer, format: 'der', type });
      if (key.asymmetricKeyType === 'rsa') return key;
    } catch {
      // try the other encoding
    }
  }
  return null;
}

/** Keys indexed by their computed fingerprint. */
export type PublicKeySet = Map<string, PublicKeyRecord>;

/** Index keys by the fingerprint computed from their bytes. */
export function indexPublicKeys(records: Iterable<PublicKeyRecord>): PublicKeySet {
  const set: PublicKeySet = new Map();
  for (const record of records) set.set(fingerprintOf(record.der), record);
  return set;
}

function toDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  return undefined;
}

/**
 * Keys from the JSON that `aws cloudtrail list-public-keys` prints
 * (`{"PublicKeyList":[{"Value":"<base64 DER>","Fingerprint":...}]}`), or an Error.
 */
export function parsePublicKeysJson(text: string): PublicKeyRecord[] | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return new Error(`not JSON: ${(error as Error).message}`);
  }
  const list = (parsed as { PublicKeyList?: unknown })?.PublicKeyList;
  if (!Array.isArray(list))
    return new Error('expected an object with a PublicKeyList array (the output of `aws cloudtrail list-public-keys`)');
  const records: PublicKeyRecord[] = [];
  for (const item of list) {
    const value = (item as { Value?: unknown })?.Value;
    if (typeof value !== 'string') continue;
    records.push({
      der: Buffer.from(value, 'base64'),
      validityStart: toDate((item as { ValidityStartTime?: unknown }).ValidityStartTime),
      validityEnd: toDate((item as { ValidityEndTime?: unknown }).ValidityEndTime),
    });
  }
  return records;
}

/** The `list-public-keys` JSON for some DER keys (what the chain writer hands to tests). */
export function publicKeysJson(keys: { der: Uint8Array; validityStart: Date; validityEnd: Date }[]): string {
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return JSON.stringify(
    {
      PublicKeyList: keys.map((k) => ({
        Value: Buffer.from(k.der).toString('base64'),
        ValidityStartTime: iso(k.validityStart),
        ValidityEndTime: iso(k.validityEnd),
        Fingerprint: fingerprintOf(k.der),
      })),
    },
    null,
    4,
  );
}
