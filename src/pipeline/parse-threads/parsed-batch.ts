/**
 * What a parse thread sends back for a batch of lines: every call its ingest sink made
 * on its consumer (an event, a malformed line, a line outside --since/--until, a
 * sampled batch), in order, packed so that crossing threads costs little. Connection
 * events, nearly all of the volume, travel as columns: their numbers in one
 * Float64Array, their strings as indexes into one string table (a value repeated by the
 * previous event, such as a cipher or an issuer, is sent once). Firewall events travel
 * the same way: a structured clone of each event object cost more than parsing its line.
 *
 * Pure: no threads in here. `ParsedBatchWriter` is the parse thread's consumer;
 * `replayParsedBatch` makes the same calls, in the same order, on the main thread's.
 */
import type { ExclusionReason } from '../../aggregation/types.js';
import type { ConnectionEvent, FirewallEvent, LogEvent } from '../../events/types.js';
import type { EventConsumer } from '../ingest-sink.js';

/** One batch's calls, ready for postMessage (`transfer` lists its buffers). */
export interface ParsedBatch {
  /** One op code per consumer call, in call order. */
  ops: Uint8Array;
  /** Per op: the index in `strings` of the call's source (unused for sampled). */
  sources: Uint32Array;
  /**
   * Per connection event, its NUMBER_FIELDS (NaN for absent); per firewall event, its
   * FIREWALL_NUMBERS; per exclusion, its event time.
   */
  numbers: Float64Array;
  /**
   * Per connection event, its STRING_FIELDS as indexes into `strings`; per firewall event,
   * its FIREWALL_STRINGS; per malformed line, its reason.
   */
  stringRefs: Uint32Array;
  /** Index 0 is undefined (absent), 1 is null (a success's failure code). */
  strings: (string | undefined | null)[];
}

const OP_CONNECTION = 1;
const OP_FIREWALL = 2;
const OP_MALFORMED = 3;
const OP_BEFORE_SINCE = 4;
const OP_AT_OR_AFTER_UNTIL = 5;
const OP_SAMPLED = 6;

const ABSENT = 0;
const NULL = 1;

/** Numbers of a connection event, in column order. */
const NUMBER_FIELDS = [
  'eventTimestamp',
  'clientPort',
  'tlsHandshakeDuration',
  'clientLeafCertNotBefore',
  'clientLeafCertNotAfter',
] as const satisfies readonly (keyof ConnectionEvent)[];

/** Strings of a connection event (and the failure code, which may be null), in column order. */
const STRING_FIELDS = [
  'connectionStatus',
  'failureCode',
  'connectionId',
  'clientIp',
  'serverIp',
  'distributionId',
  'distributionTenantId',
  'tlsProtocol',
  'tlsCipher',
  'tlsSni',
  'clientLeafCertSerialNumber',
  'clientLeafCertSubject',
  'clientLeafCertIssuer',
  'clientLeafCertValidity',
  'connectionLogCustomData',
] as const satisfies readonly (keyof ConnectionEvent)[];

const NUMBERS = NUMBER_FIELDS.length;
const STRINGS = STRING_FIELDS.length;

/** Numbers of a firewall event: timestampMs, event_timestamp. */
const FIREWALL_NUMBERS = 2;
/**
 * Strings of a firewall event, in column order: category, tlsErrorClass, otherType,
 * firewall_name, availability_zone, then event's timestamp, src_ip, src_port, dest_ip,
 * dest_port, sni, event_type, tls_error.error_message (absent: no tls_error), and
 * revocation_check's leaf_cert_fpr, status (absent: no revocation_check) and action.
 */
const FIREWALL_STRINGS = 16;

/** An EventConsumer that records its calls into ParsedBatches. */
export class ParsedBatchWriter implements EventConsumer {
  private ops: number[] = [];
  private sources: number[] = [];
  private numbers: number[] = [];
  private stringRefs: number[] = [];
  private strings: (string | undefined | null)[] = [undefined, null];
  /**
   * Per string field, its last value and that value's index: a value that repeats the
   * previous event's (a cipher, an issuer, a distribution in a burst) is sent once. A
   * comparison costs less than a lookup, which would hash every new string.
   */
  private lastValue: (string | null | undefined)[] = new Array<string | undefined>(STRINGS + FIREWALL_STRINGS).fill(undefined);
  private lastRef: number[] = new Array<number>(STRINGS + FIREWALL_STRINGS).fill(ABSENT);
  private sourceIndex = new Map<string, number>();

  /** Calls recorded since the last take(). */
  get size(): number {
    return this.ops.length;
  }

  ingest(event: LogEvent, source: string): void {
    if (event.kind === 'firewall') {
      this.firewallEvent(event, source);
      return;
    }
    this.op(OP_CONNECTION, source);
    this.numbers.push(
      event.eventTimestamp,
      event.clientPort ?? NaN,
      event.tlsHandshakeDuration ?? NaN,
      event.clientLeafCertNotBefore ?? NaN,
      event.clientLeafCertNotAfter ?? NaN,
    );
    for (let i = 0; i < STRINGS; i++) this.stringRefs.push(this.refOf(i, event[STRING_FIELDS[i]!]));
  }

  recordMalformed(reason: string, source: string): void {
    this.op(OP_MALFORMED, source);
    this.stringRefs.push(this.intern(reason));
  }

  recordExcluded(reason: ExclusionReason, timeMs: number): void {
    this.op(reason === 'before-since' ? OP_BEFORE_SINCE : OP_AT_OR_AFTER_UNTIL, '');
    this.numbers.push(timeMs);
  }

  markSampled(): void {
    this.op(OP_SAMPLED, '');
  }

  /** The calls so far as one batch; the writer starts afresh. */
  take(): { batch: ParsedBatch; transfer: ArrayBuffer[] } {
    const batch: ParsedBatch = {
      ops: Uint8Array.from(this.ops),
      sources: Uint32Array.from(this.sources),
      numbers: Float64Array.from(this.numbers),
      stringRefs: Uint32Array.from(this.stringRefs),
      strings: this.strings,
    };
    this.ops = [];
    this.sources = [];
    this.numbers = [];
    this.stringRefs = [];
    this.strings = [undefined, null];
    this.lastValue.fill(undefined);
    this.lastRef.fill(ABSENT);
    this.sourceIndex.clear();
    return {
      batch,
      transfer: [batch.ops.buffer, batch.sources.buffer, batch.numbers.buffer, batch.stringRefs.buffer] as ArrayBuffer[],
    };
  }

  private firewallEvent(event: FirewallEvent, source: string): void {
    this.op(OP_FIREWALL, source);
    this.numbers.push(event.timestampMs, event.event_timestamp ?? NaN);
    const e = event.event;
    const revocation = e.revocation_check;
    // Columns past the connection fields': the last-value memo is per column.
    const at = STRINGS;
    const refs = this.stringRefs;
    refs.push(
      this.refOf(at, event.category),
      this.refOf(at + 1, event.tlsErrorClass),
      this.refOf(at + 2, event.otherType),
      this.refOf(at + 3, event.firewall_name),
      this.refOf(at + 4, event.availability_zone),
      this.refOf(at + 5, e.timestamp),
      this.refOf(at + 6, e.src_ip),
      this.refOf(at + 7, e.src_port),
      this.refOf(at + 8, e.dest_ip),
      this.refOf(at + 9, e.dest_port),
      this.refOf(at + 10, e.sni),
      this.refOf(at + 11, e.event_type),
      this.refOf(at + 12, e.tls_error?.error_message),
      this.refOf(at + 13, revocation?.leaf_cert_fpr),
      this.refOf(at + 14, revocation?.status),
      this.refOf(at + 15, revocation?.action),
    );
  }

  private op(code: number, source: string): void {
    this.ops.push(code);
    let index = this.sourceIndex.get(source);
    if (index === undefined) {
      index = this.intern(source);
      this.sourceIndex.set(source, index);
    }
    this.sources.push(index);
  }

  private intern(value: string): number {
    this.strings.push(value);
    return this.strings.length - 1;
  }

  private refOf(field: number, value: string | null | undefined): number {
    if (value === undefined) return ABSENT;
    if (value === null) return NULL;
    if (this.lastValue[field] === value) return this.lastRef[field]!;
    const index = this.intern(value);
    this.lastValue[field] = value;
    this.lastRef[field] = index;
    return index;
  }
}

const orUndefined = (n: number): number | undefined => (Number.isNaN(n) ? undefined : n);

/** Make the recorded calls on `consumer`, in order. */
export function replayParsedBatch(batch: ParsedBatch, consumer: EventConsumer): void {
  const { ops, sources, numbers, stringRefs, strings } = batch;
  let n = 0;
  let s = 0;
  for (let i = 0; i < ops.length; i++) {
    const source = strings[sources[i]!] as string;
    switch (ops[i]) {
      case OP_CONNECTION: {
        const failureCode = strings[stringRefs[s + 1]!] as string | null;
        // Every property in one literal, in the parser's order: all events share one shape.
        const event: ConnectionEvent = {
          kind: 'connection',
          eventTimestamp: numbers[n]!,
          connectionStatus: strings[stringRefs[s]!] as string,
          outcome: failureCode === null ? 'success' : 'failed',
          failureCode,
          connectionId: strings[stringRefs[s + 2]!] as string | undefined,
          clientIp: strings[stringRefs[s + 3]!] as string | undefined,
          clientPort: orUndefined(numbers[n + 1]!),
          serverIp: strings[stringRefs[s + 4]!] as string | undefined,
          distributionId: strings[stringRefs[s + 5]!] as string | undefined,
          distributionTenantId: strings[stringRefs[s + 6]!] as string | undefined,
          tlsProtocol: strings[stringRefs[s + 7]!] as string | undefined,
          tlsCipher: strings[stringRefs[s + 8]!] as string | undefined,
          tlsHandshakeDuration: orUndefined(numbers[n + 2]!),
          tlsSni: strings[stringRefs[s + 9]!] as string | undefined,
          clientLeafCertSerialNumber: strings[stringRefs[s + 10]!] as string | undefined,
          clientLeafCertSubject: strings[stringRefs[s + 11]!] as string | undefined,
          clientLeafCertIssuer: strings[stringRefs[s + 12]!] as string | undefined,
          clientLeafCertValidity: strings[stringRefs[s + 13]!] as string | undefined,
          clientLeafCertNotBefore: orUndefined(numbers[n + 3]!),
          clientLeafCertNotAfter: orUndefined(numbers[n + 4]!),
          connectionLogCustomData: strings[stringRefs[s + 14]!] as string | undefined,
        };
        n += NUMBERS;
        s += STRINGS;
        consumer.ingest(event, source);
        break;
      }
      case OP_FIREWALL: {
        const text = (k: number) => strings[stringRefs[s + k]!] as string | undefined;
        const message = text(12);
        const status = text(14);
        // The parser's literal, property for property (firewall.ts).
        const event: FirewallEvent = {
          kind: 'firewall',
          timestampMs: numbers[n]!,
          category: text(0) as FirewallEvent['category'],
          tlsErrorClass: text(1) as FirewallEvent['tlsErrorClass'],
          otherType: text(2),
          firewall_name: text(3),
          availability_zone: text(4),
          event_timestamp: orUndefined(numbers[n + 1]!),
          event: {
            timestamp: text(5),
            src_ip: text(6),
            src_port: text(7),
            dest_ip: text(8),
            dest_port: text(9),
            sni: text(10),
            event_type: text(11),
            tls_error: message === undefined ? undefined : { error_message: message },
            revocation_check: status === undefined ? undefined : { leaf_cert_fpr: text(13), status, action: text(15) as string },
          },
        };
        n += FIREWALL_NUMBERS;
        s += FIREWALL_STRINGS;
        consumer.ingest(event, source);
        break;
      }
      case OP_MALFORMED:
        consumer.recordMalformed(strings[stringRefs[s++]!] as string, source);
        break;
      case OP_BEFORE_SINCE:
      case OP_AT_OR_AFTER_UNTIL:
        consumer.recordExcluded?.(ops[i] === OP_BEFORE_SINCE ? 'before-since' : 'at-or-after-until', numbers[n++]!);
        break;
      case OP_SAMPLED:
        consumer.markSampled?.();
        break;
    }
  }
}
