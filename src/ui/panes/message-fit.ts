/**
 * Shorter forms of a status message, for a header row that cannot hold it whole. The
 * messages tlstop writes lead with what matters (`Operation: what went wrong (CODE,
 * detail); retrying in 4 s. What to do.`), so each form drops the least useful part
 * left: later sentences, then the detail after the first comma inside parentheses, then
 * clauses after a semicolon, then parentheses; last, `Operation: CODE` alone (the
 * operation and the error code). The text is made terminal-safe first;
 * shortening only removes parts, so the forms stay safe.
 */
import { safe } from '../format.js';

/** Hostile text is read this far, at most. */
const MESSAGE_READ = 400;

/** Index of every character of `text` at parenthesis depth 0 that `test` accepts. */
function topLevel(text: string, test: (i: number) => boolean): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && test(i)) return i;
  }
  return -1;
}

/** The first sentence: up to a top-level `. ` followed by a capital letter or a backquote. */
function firstSentence(text: string): string {
  const end = topLevel(text, (i) => text[i] === '.' && text[i + 1] === ' ' && /[A-Z`]/.test(text[i + 2] ?? ''));
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Rewrite each top-level parenthesised part with `f` (given its inside, returns the new inside or null to drop it). */
function mapParens(text: string, f: (inside: string) => string | null): string {
  let out = '';
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      if (depth === 0) {
        const inside = f(text.slice(start + 1, i));
        if (inside === null) out = out.replace(/ $/, '');
        else out += `(${inside})`;
        continue;
      }
    }
    if (depth === 0) out += ch;
  }
  // An unclosed parenthesis: keep the rest as it was.
  return depth > 0 ? out + text.slice(start) : out;
}

/** The inside of parentheses up to its first top-level `, ` or `; `. */
function headOfParens(inside: string): string {
  const cut = topLevel(inside, (i) => (inside[i] === ',' || inside[i] === ';') && inside[i + 1] === ' ');
  return cut < 0 ? inside : inside.slice(0, cut);
}

/** Everything before the first top-level `; `, with a full stop kept off. */
function firstClause(text: string): string {
  const cut = topLevel(text, (i) => text[i] === ';' && text[i + 1] === ' ');
  return cut < 0 ? text : text.slice(0, cut);
}

/** An error code: `ECONNREFUSED`, `ThrottlingException`, `HTTP 503`. */
const CODE = /^(?:[A-Z][A-Z0-9_]{3,}|[A-Z][A-Za-z0-9]*(?:Exception|Error|Fault)|HTTP \d{3})$/;

/** `Operation: CODE` from `Operation: what went wrong (CODE)`, when the message has both. */
function operationAndCode(text: string): string {
  const operation = /^[A-Za-z][\w/]*: /.exec(text)?.[0];
  if (operation === undefined) return text;
  let code: string | null = null;
  mapParens(text, (inside) => {
    if (code === null && CODE.test(inside)) code = inside;
    return inside;
  });
  return code === null ? text : `${operation}${code}`;
}

/** Shortening steps, in order; level k of a message is the whole message after the first k steps. */
const STEPS: ReadonlyArray<(text: string) => string> = [
  firstSentence,
  (text) => mapParens(text, headOfParens),
  (text) => firstClause(text).replace(/\.$/, ''),
  (text) => mapParens(text, () => null),
  operationAndCode,
];

/** Number of shortening levels past the whole message. */
export const MESSAGE_LEVELS = STEPS.length;

function levels(message: string): string[] {
  const out = [safe(message, MESSAGE_READ)];
  for (const [i, step] of STEPS.entries()) {
    const previous = out[out.length - 1]!;
    // The code is found in the form that still has its parentheses.
    const next = (i === STEPS.length - 1 ? step(out[out.length - 2]!) : step(previous)).trim();
    out.push(next !== '' && next.length < previous.length ? next : previous);
  }
  return out;
}

/** Distinct forms of `message`, whole first, each shorter than the one before (terminal-safe). */
export function messageForms(message: string): string[] {
  return [...new Set(levels(message))];
}

/** `message` after `level` shortening steps (0 = whole, terminal-safe; past the last step, the shortest form). */
export function messageAt(message: string, level: number): string {
  const all = levels(message);
  return all[Math.max(0, Math.min(level, all.length - 1))]!;
}
