/**
 * The entry point sources and commands use: one stateful parser per origin (a file, a
 * log stream) that detects, per line, whether it holds a CloudFront JSON record, a
 * firewall entry, or delimited CloudFront text, unless told the format.
 */
import * as connection from './connection-record.js';
import { DelimitedConnectionParser } from './cloudfront-delimited.js';
import * as firewall from './firewall.js';
import * as json from './json-line.js';
import * as outcomes from './outcome.js';
import type { ParseOutcome } from './outcome.js';

// Module-local bindings for the per-line path: loaders that compile ESM to CommonJS (tsx,
// used by `npm run bench` and the tests) turn each imported name into a getter call.
const connectionEventFromRecord = connection.connectionEventFromRecord;
const firewallEventFromRecord = firewall.firewallEventFromRecord;
const isFirewallRecord = firewall.isFirewallRecord;
const parseJsonObject = json.parseJsonObject;
const eventOutcome = outcomes.eventOutcome;
const malformed = outcomes.malformed;
const screenLine = outcomes.screenLine;
const SKIP = outcomes.SKIP;

/**
 * Formats a line parser understands. `auto` detects per line; `cloudfront` is any
 * CloudFront shape (JSON or delimited) but never a firewall entry.
 */
export type ParserFormat = 'auto' | 'cloudfront' | 'cloudfront-json' | 'cloudfront-delimited' | 'firewall';

/** Options of createLineParser. */
export interface LineParserOptions {
  /** Default `auto`. */
  format?: ParserFormat;
  /** Field names in column order, for delimited text without a header. */
  fields?: readonly string[];
  /** Column delimiter of delimited text (default: inferred). */
  delimiter?: string;
}

/** A stateful parser for the lines of one origin. */
export interface LineParser {
  /** Parse one line (without its newline). Never throws. */
  parse(line: string): ParseOutcome;
}

/** Index of the first character that is not whitespace or a BOM, or -1. */
function firstSignificant(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 0xfeff) return i;
  }
  return -1;
}

/** Does the line start like a JSON value other than a number: `{ [ " n t f`? */
function looksLikeJson(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c === 123 || c === 91 || c === 34) return true;
  if (c !== 110 && c !== 116 && c !== 102) return false;
  const rest = at === 0 ? line.trimEnd() : line.slice(at).trimEnd();
  return rest === 'null' || rest === 'true' || rest === 'false';
}

class AutoLineParser implements LineParser {
  private delimited: DelimitedConnectionParser | null = null;
  private readonly allowFirewall: boolean;
  private readonly allowConnection: boolean;
  private readonly allowDelimited: boolean;

  constructor(
    private readonly options: LineParserOptions,
    format: ParserFormat,
  ) {
    this.allowFirewall = format === 'auto' || format === 'firewall';
    this.allowConnection = format !== 'firewall';
    this.allowDelimited = format === 'auto' || format === 'cloudfront';
  }

  parse(line: string): ParseOutcome {
    const bad = screenLine(line);
    if (bad !== null) return malformed(bad);
    const at = firstSignificant(line);
    if (at === -1) return SKIP;
    if (line.charCodeAt(at) === 123 /* { */ || !this.allowDelimited || looksLikeJson(line, at)) {
      const outcome = this.json(line);
      // A delimited column may itself start with `{`; once a header is known, try it.
      if (outcome.type === 'malformed' && outcome.reason === 'invalid-json' && this.allowDelimited && this.delimitedParser().fields) {
        const fallback = this.delimitedParser().parse(line);
        if (fallback.type === 'event') return fallback;
      }
      return outcome;
    }
    return this.delimitedParser().parse(line);
  }

  private json(line: string): ParseOutcome {
    const record = parseJsonObject(line);
    if (typeof record === 'string') return malformed(record);
    if (!this.allowConnection || (this.allowFirewall && isFirewallRecord(record))) {
      const event = firewallEventFromRecord(record);
      return typeof event === 'string' ? malformed(event) : eventOutcome(event);
    }
    const event = connectionEventFromRecord(record);
    return typeof event === 'string' ? malformed(event) : eventOutcome(event);
  }

  private delimitedParser(): DelimitedConnectionParser {
    this.delimited ??= new DelimitedConnectionParser({
      fields: this.options.fields,
      delimiter: this.options.delimiter,
      noFieldsReason: this.options.fields ? 'missing-header' : 'unknown-format',
    });
    return this.delimited;
  }
}

/**
 * Create the parser for one origin. Keep it for the origin's lifetime: it remembers a
 * W3C `#Fields:` header or a Plain header line, and the delimiter it inferred.
 */
export function createLineParser(options: LineParserOptions = {}): LineParser {
  const format = options.format ?? 'auto';
  if (format === 'cloudfront-delimited') {
    return new DelimitedConnectionParser({ fields: options.fields, delimiter: options.delimiter });
  }
  return new AutoLineParser(options, format);
}
