/**
 * CloudFront connection logs as delimited text: Plain (tab or a custom delimiter, the
 * user's field selection in the user's order) and W3C (`#Version` / `#Fields:` header
 * lines, `-` for empty values). Stateful: a header sets the field order for the lines
 * that follow it in the same origin, so keep one instance per origin.
 */
import { CONNECTION_FIELD_SET, CONNECTION_FIELDS, connectionEventFromRecord } from './connection-record.js';
import { eventOutcome, hasControlChars, isBlank, malformed, screenLine, SKIP, type MalformedReason, type ParseOutcome } from './outcome.js';

/** Options of a delimited parser; both are learned from the input when absent. */
export interface DelimitedOptions {
  /** Field names in column order (Plain without header). A `#Fields:` or header line replaces them. */
  fields?: readonly string[];
  /** Column delimiter; inferred per origin (tab, space, comma, pipe, semicolon) when absent. */
  delimiter?: string;
  /**
   * What to call a data line met before any field list is known and whose column count
   * does not fit the documented default order: `missing-header` (default) or, when the
   * caller was only guessing the format, `unknown-format`.
   */
  noFieldsReason?: MalformedReason;
}

/** Delimiters tried, in order, when none is configured. */
export const INFERRED_DELIMITERS: readonly string[] = ['\t', ' ', ',', '|', ';'];

const MAX_FIELDS = 64;

/** A field list compiled to the columns that matter: indexes of known fields. */
interface Layout {
  count: number;
  names: string[];
  columns: number[];
}

function compile(fields: readonly string[]): Layout | null {
  if (fields.length === 0 || fields.length > MAX_FIELDS) return null;
  const names: string[] = [];
  const columns: number[] = [];
  fields.forEach((name, column) => {
    if (CONNECTION_FIELD_SET.has(name)) {
      names.push(name);
      columns.push(column);
    }
  });
  return { count: fields.length, names, columns };
}

const DEFAULT_LAYOUT = compile(CONNECTION_FIELDS) as Layout;

/** Names in a `#Fields:` directive or a Plain header: split on anything that cannot be in a field name. */
function fieldNames(text: string): string[] {
  return text.split(/[^A-Za-z0-9_.-]+/).filter((name) => name !== '');
}

/** Stateful parser for one origin of delimited connection logs. */
export class DelimitedConnectionParser {
  private layout: Layout | null;
  private delimiter: string | undefined;
  private readonly fixedDelimiter: boolean;
  private readonly noFieldsReason: MalformedReason;

  constructor(options: DelimitedOptions = {}) {
    this.layout = options.fields ? compile(options.fields) : null;
    this.delimiter = options.delimiter === '' ? undefined : options.delimiter;
    this.fixedDelimiter = this.delimiter !== undefined;
    this.noFieldsReason = options.noFieldsReason ?? 'missing-header';
  }

  /** Field names currently in force (learned or configured), or null. */
  get fields(): string[] | null {
    return this.layout ? [...this.layout.names] : null;
  }

  /** Parse one line; never throws. */
  parse(rawLine: string): ParseOutcome {
    const bad = screenLine(rawLine);
    if (bad !== null) return malformed(bad);
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (isBlank(line)) return SKIP;
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.charCodeAt(0) === 35 /* # */) return this.directive(line);
    const header = this.headerOf(line);
    if (header) {
      this.layout = header;
      return SKIP;
    }
    const outcome = this.record(line);
    if (outcome.type === 'malformed' && hasControlChars(line)) {
      if (!this.delimiter || !hasControlChars(this.delimiter)) return malformed('binary');
    }
    return outcome;
  }

  private directive(line: string): ParseOutcome {
    if (line.startsWith('#Fields:')) {
      const layout = compile(fieldNames(line.slice(8)));
      if (layout) this.layout = layout;
    }
    return SKIP;
  }

  /** A Plain header: every column is a known field name and eventTimestamp is among them. */
  private headerOf(line: string): Layout | null {
    const c = line.charCodeAt(0);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return null;
    if (!line.includes('eventTimestamp')) return null;
    const names = fieldNames(line);
    if (!names.every((name) => CONNECTION_FIELD_SET.has(name))) return null;
    return compile(names);
  }

  private record(line: string): ParseOutcome {
    const layout = this.layout;
    const parts = this.split(line, layout ?? DEFAULT_LAYOUT);
    if (parts === null) {
      return malformed(layout === null ? this.noFieldsReason : 'field-count-mismatch');
    }
    const used = layout ?? DEFAULT_LAYOUT;
    // Only known field names are ever keys (compile() drops the rest), so a plain object is
    // safe here, and records of one layout share a hidden class.
    const record: Record<string, string | undefined> = {};
    for (let i = 0; i < used.columns.length; i++) {
      record[used.names[i] as string] = parts[used.columns[i] as number];
    }
    const event = connectionEventFromRecord(record);
    return typeof event === 'string' ? malformed(event) : eventOutcome(event);
  }

  /** Split into exactly layout.count columns (a trailing empty column is tolerated), or null. */
  private split(line: string, layout: Layout): string[] | null {
    if (this.fixedDelimiter) return fit(line.split(this.delimiter as string), layout.count);
    if (this.delimiter !== undefined) {
      const parts = fit(line.split(this.delimiter), layout.count);
      if (parts) return parts;
    }
    for (const delimiter of INFERRED_DELIMITERS) {
      if (delimiter === this.delimiter || !line.includes(delimiter)) continue;
      const parts = fit(line.split(delimiter), layout.count);
      if (parts) {
        this.delimiter = delimiter;
        return parts;
      }
    }
    return layout.count === 1 && this.delimiter === undefined ? [line] : null;
  }
}

function fit(parts: string[], count: number): string[] | null {
  if (parts.length === count) return parts;
  if (parts.length === count + 1 && parts[count] === '') return parts;
  return null;
}
