/**
 * An integer with comma thousands separators (`12,345`), the same text as
 * `Math.round(n).toLocaleString('en-US')`. The panes format dozens of counts on every frame,
 * and ICU's locale formatting cost as much CPU as parsing the events (a profile at 5,000
 * events/s), so the common case is done by hand; values beyond the exact-integer range,
 * where the digits themselves need ICU, still go to it.
 */
export function groupedInteger(n: number): string {
  const rounded = Math.round(n);
  if (!(Math.abs(rounded) < Number.MAX_SAFE_INTEGER)) return rounded.toLocaleString('en-US');
  // -0 and values that round to it keep their sign, as toLocaleString does.
  const negative = rounded < 0 || Object.is(rounded, -0);
  const digits = String(negative ? -rounded : rounded);
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return negative ? `-${out}` : out;
}
