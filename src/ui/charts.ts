/**
 * Text charts as pure string functions: sparkline, horizontal bar with partial blocks,
 * progress bar. Every result has exactly the requested width (in characters).
 */

const SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * Sparkline of the last `width` values (older values dropped; left-padded with spaces
 * when there are fewer). Null or non-finite values are gaps (a space). Scaled from 0
 * (or the minimum when `fromZero` is false) to the maximum of the shown values, or to
 * `scaleAtLeast` when that is larger (so small noise does not fill the whole height).
 */
export function sparkline(values: ReadonlyArray<number | null>, width: number, fromZero = true, scaleAtLeast = -Infinity): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const finite = shown.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = finite.length > 0 ? Math.max(scaleAtLeast, ...finite) : 0;
  const min = fromZero ? Math.min(0, ...finite) : finite.length > 0 ? Math.min(...finite) : 0;
  const span = max - min;
  let out = ' '.repeat(width - shown.length);
  for (const v of shown) {
    if (v === null || !Number.isFinite(v)) {
      out += ' ';
      continue;
    }
    const level = span <= 0 ? (v > 0 ? SPARK.length - 1 : 0) : Math.round(((v - min) / span) * (SPARK.length - 1));
    out += SPARK[Math.max(0, Math.min(SPARK.length - 1, level))];
  }
  return out;
}

/**
 * Horizontal bar for `value` out of `max`, `width` cells, with eighth-block precision;
 * padded with spaces to `width`. A non-zero value always shows at least `▏`.
 */
export function bar(value: number, max: number, width: number): string {
  if (width <= 0) return '';
  if (!(max > 0) || !(value > 0)) return ' '.repeat(width);
  const eighths = Math.min(width * 8, Math.max(1, Math.round((value / max) * width * 8)));
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8] ?? '';
  const text = '█'.repeat(full) + partial;
  return text + ' '.repeat(width - full - (partial ? 1 : 0));
}

/** Progress bar `[█████▌    ]` of total `width` (brackets included); fraction is clamped to 0..1. */
export function progressBar(fraction: number, width: number): string {
  if (width < 3) return '';
  const inner = width - 2;
  const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
  if (f === 0) return `[${' '.repeat(inner)}]`;
  return `[${bar(f, 1, inner)}]`;
}
