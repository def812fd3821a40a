import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, TRUNCATED_MARK } from '../../../src/sources/files/line-splitter.js';

function split(chunks: (string | Buffer)[], options?: ConstructorParameters<typeof LineSplitter>[0]): string[] {
  const s = new LineSplitter(options);
  const out: string[] = [];
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : c, out);
  s.flush(out);
  return out;
}

describe('LineSplitter', () => {
  it('keeps a partial line until its newline arrives', () => {
    const s = new LineSplitter();
    const out: string[] = [];
    s.push(Buffer.from('one\ntw'), out);
    expect(out).toEqual(['one']);
    s.push(Buffer.from('o'), out);
    expect(out).toEqual(['one']);
    s.push(Buffer.from('\nthree\n'), out);
    expect(out).toEqual(['one', 'two', 'three']);
    expect(s.pendingBytes).toBe(0);
  });

  it('strips \\r before \\n, also when split across chunks', () => {
    expect(split(['a\r\nb\r', '\nc\r\n'])).toEqual(['a', 'b', 'c']);
  });

  it('keeps empty lines and emits an unterminated last line on flush', () => {
    expect(split(['a\n\nb'])).toEqual(['a', '', 'b']);
  });

  it('does not break a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('héllo wörld\n');
    expect(split([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual(['héllo wörld']);
  });

  it('caps an enormous line without newline and marks it', () => {
    const s = new LineSplitter({ maxLineBytes: 100 });
    const out: string[] = [];
    for (let i = 0; i < 1000; i += 1) s.push(Buffer.alloc(1000, 0x61), out);
    expect(s.pendingBytes).toBe(100);
    s.push(Buffer.from('\nnext\n'), out);
    expect(out).toEqual(['a'.repeat(100) + TRUNCATED_MARK, 'next']);
    expect(s.truncatedLines).toBe(1);
  });

  it('caps a long line found whole inside one chunk', () => {
    expect(split(['x\n' + 'b'.repeat(50) + '\ny\n'], { maxLineBytes: 10 })).toEqual(['x', 'b'.repeat(10) + TRUNCATED_MARK, 'y']);
  });

  it('skips the first (partial) line when asked to', () => {
    expect(split(['tail of a line\nwhole\n'], { skipFirstLine: true })).toEqual(['whole']);
  });

  it('gives the same lines however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const clean = lines.map((l) => l.replace(/[\r\n]/g, ''));
        const bytes = Buffer.from(clean.map((l) => l + '\n').join(''));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.subarray(prev, p));
          prev = p;
        }
        expect(split(chunks)).toEqual(clean.map((l) => Buffer.from(l).toString('utf8')));
      }),
    );
  });
});
