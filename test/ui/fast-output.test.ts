/**
 * The fast output stage must build exactly the string Ink's own `Output#get` builds: these
 * tests replay generated frames (styled text, wide and combining characters, emoji,
 * invisible characters, broken escapes, hyperlinks, transformers, nested and empty clips,
 * multi-line texts) through both and compare the bytes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastOutputRenderer, type Clip, type Operation, type OutputState } from '../../src/ui/ink/fast-output.js';
import { FrameCache } from '../../src/ui/ink/frame-cache.js';
import {
  fastOutputMismatch,
  fastOutputStatus,
  inkOutputFingerprint,
  installFastOutput,
  loadInkOutputClass,
  uninstallFastOutput,
  VERIFIED_INK_VERSION,
  VERIFIED_OUTPUT_FINGERPRINT,
} from '../../src/ui/ink/install-fast-output.js';
import { inkVersion } from '../../src/runtime/package-files.js';

type InkGet = (this: OutputState) => { output: string; height: number };
type InkOutput = new (size: { width: number; height: number }) => OutputState;
let inkGet: InkGet;
let InkOutputClass: InkOutput;

beforeAll(async () => {
  await uninstallFastOutput();
  const Output = await loadInkOutputClass();
  inkGet = Output.prototype.get;
  InkOutputClass = Output as unknown as InkOutput;
});

/** Ink's own result for the same frame, from a real Output of Ink's. */
function inkRender(state: OutputState): { output: string; height: number } {
  const out = new InkOutputClass({ width: state.width, height: state.height });
  out.operations.push(...state.operations);
  return inkGet.call(out);
}
afterAll(async () => {
  await installFastOutput();
});

const PIECES = [
  'a',
  'Z',
  '7',
  ' ',
  '  ',
  '%',
  '─',
  '│',
  '▶',
  '█',
  '▁',
  '▇',
  '·',
  '…',
  '↑',
  '▲',
  'é',
  '×',
  '界',
  '🔥',
  'e\u0301',
  '\u00ad',
  '\u200d',
  '\ufe0f',
  '☀',
  '⌚',
  '\t',
  '\x1b[31m',
  '\x1b[39m',
  '\x1b[1m',
  '\x1b[22m',
  '\x1b[2m',
  '\x1b[7m',
  '\x1b[27m',
  '\x1b[0m',
  '\x1b[m',
  '\x1b[38;2;10;20;30m',
  '\x1b[1;31m',
  '\x1b[48;5;200m',
  '\x1b[49m',
  '\x1b',
  '\x1b[3',
  '\x1b]8;;http://x\x07',
  '\x1b]8;;\x07',
  '\x1b]8;;http://y\x1b\\',
  '\x1b[4m\x1b[58;5;3m',
  '\x1b[59m\x1b[24m',
  '\u200b',
  '\u2060',
  '\u3164',
  '한',
  '\n',
];

const text = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((p) => p.join(''));
const RED = (s: string) => `\x1b[31m${s}\x1b[39m`;
const BOLD_INDEX = (s: string, i: number) => (i % 2 ? `\x1b[1m${s}\x1b[22m` : s);
const transformers = fc.constantFrom<Array<(s: string, i: number) => string>>([], [RED], [BOLD_INDEX, RED]);
const clip: fc.Arbitrary<Clip> = fc.record(
  {
    x1: fc.integer({ min: -2, max: 30 }),
    x2: fc.integer({ min: 0, max: 40 }),
    y1: fc.integer({ min: -2, max: 10 }),
    y2: fc.integer({ min: 0, max: 12 }),
  },
  { requiredKeys: [] },
);
const write = fc.record({
  type: fc.constant('write' as const),
  x: fc.integer({ min: -3, max: 45 }),
  y: fc.integer({ min: 0, max: 12 }),
  text,
  transformers,
});
const operations: fc.Arbitrary<Operation[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: write },
    { weight: 1, arbitrary: clip.map((c) => ({ type: 'clip' as const, clip: c })) },
    { weight: 1, arbitrary: fc.constant({ type: 'unclip' as const }) },
  ),
  {
    maxLength: 25,
  },
);
const frame: fc.Arbitrary<OutputState> = fc.record({
  width: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 40, noNaN: true })),
  height: fc.integer({ min: 0, max: 10 }),
  operations,
});

describe('FastOutputRenderer', () => {
  it("builds the same string as Ink's Output#get, frame after frame", () => {
    // One renderer for every frame, so its cross-frame caches are in play.
    const renderer = new FastOutputRenderer();
    fc.assert(
      fc.property(frame, (state) => {
        expect(renderer.render(state)).toEqual(inkRender(state));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches a real pane frame: borders, sparkline blocks and colours', () => {
    const renderer = new FastOutputRenderer();
    const ops: Operation[] = [
      { type: 'clip', clip: { x1: 0, x2: 30, y1: 0, y2: 3 } },
      { type: 'write', x: 0, y: 0, text: '▶ Latency ─────────── p99 ─', transformers: [RED] },
      { type: 'write', x: 0, y: 1, text: '\x1b[36m▁▂▃▄▅▆▇█\x1b[39m p50 21.4 ms', transformers: [] },
      { type: 'write', x: 0, y: 2, text: 'a'.repeat(40), transformers: [] },
      { type: 'unclip' },
    ];
    for (let i = 0; i < 3; i++) {
      const state = { width: 32, height: 3, operations: ops };
      expect(renderer.render(state)).toEqual(inkRender(state));
    }
  });

  it('keeps its caches to what the last two frames drew', () => {
    const cache = new FrameCache<number>();
    cache.set('a', 1);
    cache.nextFrame();
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.nextFrame();
    cache.nextFrame();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeUndefined();
    const capped = new FrameCache<number>(2);
    for (let i = 0; i < 10; i++) capped.set(`k${i}`, i);
    expect(capped.size).toBeLessThanOrEqual(4);
  });
});

describe('installFastOutput', () => {
  it('is gated on the exact Ink release and the fingerprint of its output.js, which the installed Ink has', () => {
    // A new Ink fails here first: re-derive fast-output.ts from its output.js, run the
    // property test above, then record the new version and fingerprint.
    expect(inkVersion()).toBe(VERIFIED_INK_VERSION);
    expect(inkOutputFingerprint()).toBe(VERIFIED_OUTPUT_FINGERPRINT);
    expect(fastOutputMismatch({})).toBeNull();
  });

  it('patches only when allowed and only once, and says which stage is in use', async () => {
    expect(await installFastOutput({ TLSTOP_INK_FAST_OUTPUT: '0' })).toBe('fallback: turned off by TLSTOP_INK_FAST_OUTPUT=0');
    expect(fastOutputStatus({ TLSTOP_INK_FAST_OUTPUT: '0' })).toBe(
      "fast output stage: off, Ink's own in use (turned off by TLSTOP_INK_FAST_OUTPUT=0)",
    );
    expect(await installFastOutput({})).toBe('installed');
    expect(await installFastOutput({})).toBe('already installed');
    expect(fastOutputStatus({})).toBe(
      `fast output stage: active (Ink ${VERIFIED_INK_VERSION}, output.js sha256 ${VERIFIED_OUTPUT_FINGERPRINT.slice(0, 12)})`,
    );
    const Output = await loadInkOutputClass();
    expect(Output.prototype.get).not.toBe(inkGet);
    await uninstallFastOutput();
    expect(Output.prototype.get).toBe(inkGet);
  });
});
