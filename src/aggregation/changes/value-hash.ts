/**
 * A 52-bit hash of a string, exact as a double: the key an attribute baseline holds a
 * value under (see DecayingTopKSet). Two 32-bit multiplicative hashes with different
 * seeds and multipliers, each finished with murmur3's avalanche, 20 + 32 bits of them.
 * Not cryptographic: a collision only adds one value's weight to another's, which keeps
 * every held baseline weight an upper bound (the direction attribution already assumes).
 */
export function valueHash(value: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (avalanche(a) >>> 12) * 2 ** 32 + (avalanche(b ^ value.length) >>> 0);
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
