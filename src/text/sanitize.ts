/**
 * Terminal-safe rendering of hostile text. Every string that came from a log goes
 * through here before it reaches a terminal: C0/C1 control characters, DEL, and the
 * Unicode bidi/format controls that can reorder or hide text are shown escaped
 * (`\x1b`, `\u202e`), never passed through.
 */

// C0 (incl. ESC, BEL, CR, LF, TAB), DEL, C1, bidi embeddings/overrides/isolates,
// zero-width and BOM characters, line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** True when the text contains nothing that needs escaping (fast path). */
export function isTerminalSafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text);
}

/**
 * Escape every unsafe character; when maxLength is given, cut the result to at most
 * that many characters, ending with `…` when cut.
 */
export function sanitizeForTerminal(text: string, maxLength?: number): string {
  let safe = text;
  UNSAFE.lastIndex = 0;
  if (UNSAFE.test(safe)) {
    UNSAFE.lastIndex = 0;
    safe = safe.replace(UNSAFE, escapeChar);
  }
  if (maxLength !== undefined && maxLength >= 0 && safe.length > maxLength) {
    if (maxLength === 0) return '';
    // Do not split a surrogate pair.
    let cut = maxLength - 1;
    const code = safe.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    return safe.slice(0, cut) + '…';
  }
  return safe;
}
