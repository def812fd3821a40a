/**
 * Small glob support for `--file` patterns (Node 20 has no `fs.glob`). Supports `*` and
 * `?` (never crossing `/`), `**` (any number of directories), `[abc]`, `[!abc]`, `[a-z]`
 * and `{a,b}` alternatives. Pure: no file system access.
 */
import { isAbsolute, resolve, sep } from 'node:path';

/** A glob pattern split into the directory to watch and a matcher for full paths. */
export interface GlobPlan {
  /** Absolute directory holding every possible match (the part before the first wildcard). */
  base: string;
  /** How many directory levels below `base` a match can be; undefined when `**` makes it unbounded. */
  depth: number | undefined;
  /** True when an absolute, normalised path matches the pattern. */
  matches(path: string): boolean;
}

/** True when the text holds a glob wildcard (`*`, `?`, `[`, `{`). */
export function hasGlob(text: string): boolean {
  return /[*?[{]/.test(text);
}

/** Plans a glob pattern: resolved against `cwd`, then split into base directory and matcher. */
export function planGlob(pattern: string, cwd: string = process.cwd()): GlobPlan {
  const absolute = isAbsolute(pattern) ? pattern : `${cwd.replace(/\/+$/, '')}/${pattern}`;
  const segments = absolute.split('/').filter((s, i) => s !== '' || i === 0);
  const firstGlob = segments.findIndex((s) => hasGlob(s));
  const baseSegments = firstGlob < 0 ? segments : segments.slice(0, firstGlob);
  const rest = firstGlob < 0 ? [] : segments.slice(firstGlob);
  const base = resolve(baseSegments.join('/') || '/');
  const depth = rest.includes('**') ? undefined : Math.max(0, rest.length - 1);
  const regex = new RegExp(`^${escapeRegExp(base === sep ? '' : base)}/${rest.length > 0 ? globToRegExpSource(rest.join('/')) : ''}$`);
  return { base, depth, matches: (path) => regex.test(path) };
}

/** Regular expression source for a relative glob (no anchors). Exported for tests. */
export function globToRegExpSource(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (glob[i + 2] === '/') {
            out += '(?:[^/]*/)*';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        i += 1; // `**` inside a segment means the same as `*`
      }
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (ch === '{') {
      braceDepth += 1;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth -= 1;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(ch);
    }
  }
  // An unclosed `{` would make the expression invalid: close it literally.
  while (braceDepth > 0) {
    out += ')';
    braceDepth -= 1;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
