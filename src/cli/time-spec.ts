/**
 * Parses the time arguments users type: `30m`, `2h`, `1d`, `45s` (relative to now),
 * ISO 8601 (`2026-11-24T06:00:00Z`, `2026-11-24`), or epoch milliseconds/seconds.
 */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Epoch ms for a time spec, or an Error describing what is accepted. */
export function parseTimeSpec(text: string, nowMs: number): number | Error {
  const trimmed = text.trim();
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(trimmed);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = UNIT_MS[relative[2]!.toLowerCase()]!;
    return nowMs - amount * unit;
  }
  if (/^\d{10}$/.test(trimmed)) return Number(trimmed) * 1000;
  if (/^\d{13}$/.test(trimmed)) return Number(trimmed);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return new Error(
    `cannot read time "${text}": use a duration like 30m, 2h, 1d, an ISO time like 2026-11-24T06:00:00Z, or epoch seconds/milliseconds`,
  );
}

/** Duration in ms for `30s`, `5m`, `1h`; Error otherwise. */
export function parseDuration(text: string): number | Error {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (!match) return new Error(`cannot read duration "${text}": use a number with s, m, h or d, like 15m`);
  return Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
}
