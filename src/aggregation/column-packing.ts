/**
 * Narrowing and packing of typed-array columns, for count buckets that are done being
 * written (a past second, a merged point): each column in the narrowest type that holds
 * its values exactly, all of a bucket's columns in one ArrayBuffer.
 *
 * Why one buffer: a window holds ~900 such buckets for 15 minutes while the current
 * second's columns are grown and dropped over and over. Seven to nine separate
 * allocations per bucket, freed by the GC on V8's threads, left malloc's arenas
 * fragmented: resident memory was about three times the live columns. One allocation of
 * the exact size per bucket is what malloc keeps well.
 */

export type Column = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array | Float32Array;

export type ColumnType =
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor
  | Float64ArrayConstructor
  | Float32ArrayConstructor;

export type UintType = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;

/** One column to pack: `length` values of `from`, to hold as `type`. */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly from: Column;
  readonly length: number;
}

/** The narrowest unsigned array that holds every integer in 0..max (max < 2^32). */
export function uintFor(max: number): UintType {
  return max < 0x100 ? Uint8Array : max < 0x10000 ? Uint16Array : Uint32Array;
}

/** The largest of the first `n` values (0 for none). */
export function maxOf(values: ArrayLike<number>, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/**
 * The narrowest type for the first `n` counts: unsigned when every one is a whole number
 * below 2^32 (they are, but for text estimates that add fractions), else Float64.
 */
export function countTypeFor(counts: ArrayLike<number>, n: number): UintType | Float64ArrayConstructor {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = counts[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 32) return Float64Array;
    if (v > max) max = v;
  }
  return uintFor(max);
}

/** True when `value` is the same number as a 32-bit float. */
export function exactAsFloat32(value: number): boolean {
  return Math.fround(value) === value;
}

/**
 * The columns copied into views of one new ArrayBuffer, in the order of `specs`. Wider
 * elements are laid out first, so every view starts on a multiple of its element size.
 */
export function packColumns(specs: readonly ColumnSpec[]): Column[] {
  const order = specs.map((_, i) => i).sort((a, b) => specs[b]!.type.BYTES_PER_ELEMENT - specs[a]!.type.BYTES_PER_ELEMENT);
  let bytes = 0;
  for (const i of order) bytes += specs[i]!.type.BYTES_PER_ELEMENT * specs[i]!.length;
  const buffer = new ArrayBuffer(bytes);
  const out = new Array<Column>(specs.length);
  let offset = 0;
  for (const i of order) {
    const { type, from, length } = specs[i]!;
    const view = new type(buffer, offset, length);
    view.set(from.subarray(0, length)); // converts element by element when the types differ
    out[i] = view;
    offset += type.BYTES_PER_ELEMENT * length;
  }
  return out;
}
