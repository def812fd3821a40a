/** Times on the `tlstop validate` command line, read as the AWS CLI reads them. */

/**
 * A time as the AWS CLI reads it (python-dateutil, then the zone replaced by UTC):
 * `2026-11-20T05:21:42Z`, `2026-11-20 05:21`, `20261120T052142Z`, `2026-11-20`.
 */
export function parseCliTime(text: string): Date | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
    text.trim(),
  );
  if (m) {
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Math.floor(Number(m[7] ?? 0) * 1000));
    const date = new Date(ms);
    if (!Number.isNaN(ms) && date.getUTCMonth() === +m[2]! - 1 && date.getUTCDate() === +m[3]!) return date;
    return null;
  }
  return null;
}
