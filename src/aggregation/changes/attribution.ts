/**
 * "What do the new failures have in common?": per distribution (and tenant), a decaying
 * baseline of the attribute values of all its handshakes (certificate issuer, subject,
 * serial, SNI, protocol, cipher, client /24 or /48, edge address, tenant, whether the
 * client certificate was expired or not yet valid at the handshake), and a short ring
 * of its latest failures and slow handshakes. When a change is detected, the baseline
 * is frozen into the change, the ring's entries since the onset seed the change's own
 * tables, and every later matching event is added to them. The attributes reported are
 * the values most over-represented among the new failures, chosen by a lift that is
 * never overstated (the lower bound of the `share` of new failures minus the upper
 * bound of the `baselineShare` of the handshakes before) and shown with the best
 * estimates of both (exact when a field has at most `capacity` distinct values).
 *
 * The baseline may be fed a systematic sample of the handshakes, each with the weight
 * of those it stands for (by default the detector samples two handshakes a second per
 * distribution: shares need hundreds of handshakes, not all of them, and ten table
 * updates per event are most of the cost of attribution). Failures in the ring and in
 * a change's own tables are never sampled.
 *
 * Firewall entries have their own fields (SNI, destination, source /24 or /48,
 * firewall, zone) and one profile for all of them: the firewall logs only failures, so
 * a firewall change is compared with every firewall entry before it. A baseline with
 * almost nothing in it (the first revocation drops ever seen) makes
 * over-representation meaningless: then only values nearly all new failures share are
 * reported. Memory is bounded by the number of fields times the table capacities, and
 * the ring's capacity.
 */
import type { ConnectionEvent, FirewallEvent } from '../../events/types.js';
import { clampLabel } from '../group-registry.js';
import { certificateValidityAt } from './certificate-validity-at.js';
import { DecayingTopK, DecayingTopKSet, ForwardDecay } from './decaying-top-k.js';
import { clientIpPrefix } from './ip-prefix.js';

/** Attributes of a connection that an attribution compares. */
export type ConnectionField =
  'issuer' | 'subject' | 'serial' | 'sni' | 'protocol' | 'cipher' | 'clientPrefix' | 'serverIp' | 'tenant' | 'certValidity';
/** Attributes of a firewall entry that an attribution compares. */
export type FirewallField = 'sni' | 'destination' | 'sourcePrefix' | 'firewall' | 'zone';
/** Any attribute field. */
export type AttributeField = ConnectionField | FirewallField;

/** The connection fields, in the order of {@link connectionAttributes}. */
export const CONNECTION_FIELDS: readonly ConnectionField[] = [
  'issuer',
  'subject',
  'serial',
  'sni',
  'protocol',
  'cipher',
  'clientPrefix',
  'serverIp',
  'tenant',
  'certValidity',
];
/** The firewall fields, in the order of {@link firewallAttributes}. */
export const FIREWALL_FIELDS: readonly FirewallField[] = ['sni', 'destination', 'sourcePrefix', 'firewall', 'zone'];

/** One over-represented value among a change's new failures. */
export interface AttributeShare {
  field: AttributeField;
  value: string;
  /** Share of the change's new failures with this value (0..1). */
  share: number;
  /** Share of the handshakes before the onset with this value (0..1). */
  baselineShare: number;
}

/** How the over-represented values are chosen. */
export interface RankOptions {
  /** Most values reported per change. */
  maxAttributes: number;
  /** Most values reported per field. */
  maxPerField: number;
  /** Smallest share of the new failures. */
  minShare: number;
  /** Smallest share - baselineShare. */
  minLift: number;
}

const label = (value: string | undefined): string | null => (value === undefined || value === '' ? null : clampLabel(value));

/** Fill `out` with the event's values of {@link CONNECTION_FIELDS} (null where absent). */
export function connectionAttributes(event: ConnectionEvent, out: (string | null)[]): void {
  out[0] = label(event.clientLeafCertIssuer);
  out[1] = label(event.clientLeafCertSubject);
  out[2] = label(event.clientLeafCertSerialNumber);
  out[3] = label(event.tlsSni);
  out[4] = label(event.tlsProtocol);
  out[5] = label(event.tlsCipher);
  out[6] = clientIpPrefix(event.clientIp);
  out[7] = label(event.serverIp);
  out[8] = label(event.distributionTenantId);
  out[9] = certificateValidityAt(event);
}

/** Fill `out` with the entry's values of {@link FIREWALL_FIELDS} (null where absent). */
export function firewallAttributes(event: FirewallEvent, out: (string | null)[]): void {
  const e = event.event;
  out[0] = label(e.sni);
  out[1] = e.dest_ip === undefined ? null : clampLabel(e.dest_port === undefined ? e.dest_ip : `${e.dest_ip}:${e.dest_port}`);
  out[2] = clientIpPrefix(e.src_ip);
  out[3] = label(event.firewall_name);
  out[4] = label(event.availability_zone);
}

/** A baseline with fewer (decayed) events than this is thin (see {@link ChangeAttribution.ranked}). */
export const THIN_BASELINE = 20;
/** Smallest share of the new failures reported against a thin baseline. */
export const THIN_BASELINE_SHARE = 0.8;

/** One remembered failure or slow handshake. */
export interface RecentEntry {
  timeMs: number;
  /** Failure code (without `Failed:`), or null for a success. */
  code: string | null;
  /** Slower than the distribution's latency threshold. */
  slow: boolean;
  values: (string | null)[];
}

/**
 * The latest failures and slow handshakes of one distribution, at most `capacity`,
 * oldest overwritten. Flat (times, codes, slow flags, and the values of every entry in
 * one array) rather than an object and a values array an entry: thousands of units
 * hold a ring.
 */
export class RecentRing {
  private readonly times: number[] = [];
  private readonly codes: (string | null)[] = [];
  private readonly slows: boolean[] = [];
  private readonly values: (string | null)[] = [];
  private next = 0;

  constructor(
    readonly capacity: number,
    /** Values an entry has. */
    readonly width: number,
  ) {}

  /** Remember one event (its values are copied). */
  push(timeMs: number, code: string | null, slow: boolean, values: readonly (string | null)[]): void {
    if (this.capacity <= 0) return;
    const at = this.next;
    this.times[at] = timeMs;
    this.codes[at] = code;
    this.slows[at] = slow;
    const base = at * this.width;
    for (let i = 0; i < this.width; i++) this.values[base + i] = values[i] ?? null;
    this.next = (at + 1) % this.capacity;
  }

  /** Number of entries held. */
  get size(): number {
    return this.times.length;
  }

  /** Call fn for each entry (in no particular order; the entry is made for the call). */
  forEach(fn: (entry: RecentEntry) => void): void {
    for (let i = 0; i < this.times.length; i++) {
      const values = this.values.slice(i * this.width, (i + 1) * this.width);
      fn({ timeMs: this.times[i]!, code: this.codes[i]!, slow: this.slows[i]!, values });
    }
  }
}

/**
 * The attribute baseline and recent ring of one distribution (or one firewall
 * category). Events go into a `fresh` generation of tables; {@link roll} merges the
 * `staging` generation into the `settled` baseline and makes `fresh` the new staging.
 * The owner rolls at most every `lag + 1` seconds and only while none of its series
 * has a pending segment or an ongoing change. Then, when a change is confirmed, the
 * settled baseline holds no event from after its onset: the onset lies inside a
 * pending segment that began after the last roll, and what that roll settled had
 * already been seen one roll earlier, before the watermark reached the segment.
 */
export class AttributeProfile {
  // Hashed sets (see DecayingTopKSet): a baseline is only looked up by value.
  private settledTables: DecayingTopKSet;
  private staging: DecayingTopKSet;
  private fresh: DecayingTopKSet;
  readonly recent: RecentRing;
  private readonly decay: ForwardDecay;
  /** The field whose values {@link mostSeen} names (SNI), -1 when none. */
  private readonly namedField: number;
  /** Its values by key, for the keys the tables may hold (pruned to them, see {@link nameValue}). */
  private readonly names = new Map<string | number, string>();

  constructor(
    readonly fields: readonly AttributeField[],
    halfLifeSeconds: number,
    capacity: number,
    ringCapacity: number,
  ) {
    this.settledTables = new DecayingTopKSet(fields.length, capacity, true);
    this.staging = new DecayingTopKSet(fields.length, capacity, true);
    this.fresh = new DecayingTopKSet(fields.length, capacity, true);
    this.recent = new RecentRing(ringCapacity, fields.length);
    this.decay = new ForwardDecay(halfLifeSeconds);
    this.namedField = fields.indexOf('sni');
  }

  /** The settled baseline, one table per field (views of the profile's tables). */
  get settled(): DecayingTopK[] {
    return this.fields.map((_, i) => DecayingTopK.of(this.settledTables, i));
  }

  /** Count one event's values (all handshakes, failed or not) into the fresh tables; `weight` > 1 for a sampled event. */
  observe(sec: number, values: readonly (string | null)[], weight = 1): void {
    const w = this.decay.weight(sec, (factor) => this.rescale(factor)) * weight;
    const fresh = this.fresh;
    for (let i = 0; i < this.fields.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) fresh.addMissing(i, w);
      else {
        fresh.add(i, v, w);
        if (i === this.namedField) this.nameValue(v);
      }
    }
  }

  /**
   * The value of `field` with the most (decayed) weight over every table, settled or not;
   * null when none. SNI is the one field named: the tables hold the others as hashes.
   */
  mostSeen(field: 'sni'): string | null {
    const i = this.fields.indexOf(field);
    if (i < 0) return null;
    const tables = [this.settledTables, this.staging, this.fresh];
    let best: string | null = null;
    let bestWeight = 0;
    for (const table of tables) {
      for (const key of table.keysOf(i)) {
        const value = this.names.get(key);
        if (value === undefined) continue;
        const w = tables.reduce((sum, t) => sum + t.weightOfKey(i, key), 0);
        if (w > bestWeight || (w === bestWeight && best !== null && value < best)) {
          best = value;
          bestWeight = w;
        }
      }
    }
    return best;
  }

  /**
   * Remember the named field's `value` under its key. The tables hold at most 3 x
   * capacity keys of the field; when the names outgrow that by far (values come and go,
   * a client can send any SNI), the names of keys no table holds are dropped.
   */
  private nameValue(value: string): void {
    const key = this.fresh.keyOf(value);
    if (this.names.has(key)) return;
    this.names.set(key, value);
    if (this.names.size <= 4 * this.settledTables.capacity + 16) return;
    const held = new Set([this.settledTables, this.staging, this.fresh].flatMap((t) => t.keysOf(this.namedField)));
    for (const k of this.names.keys()) if (!held.has(k)) this.names.delete(k);
  }

  /** Settle the staging tables and stage the fresh ones (see the class comment for when to call it). */
  roll(): void {
    const emptied = this.staging;
    this.settledTables.merge(emptied);
    this.settledTables.compact();
    emptied.clear();
    this.staging = this.fresh;
    this.staging.compact();
    this.fresh = emptied;
  }

  /** A change's attribution: the baseline frozen now, seeded with the ring's entries that `matches` accepts. */
  startChange(
    onsetMs: number,
    matches: (entry: RecentEntry) => boolean,
    excluded: readonly AttributeField[],
    capacity: number,
  ): ChangeAttribution {
    // The baseline's size in (decayed) events: its total weight over the weight of the onset second.
    const onsetWeight = this.decay.peek(Math.floor(onsetMs / 1000));
    const attribution = new ChangeAttribution(
      this.fields,
      this.settledTables.clone(),
      excluded,
      capacity,
      onsetWeight > 0 && this.fields.length > 0 ? this.settledTables.total(0) / onsetWeight : 0,
    );
    this.recent.forEach((entry) => {
      if (entry.timeMs >= onsetMs && matches(entry)) attribution.add(entry.values);
    });
    return attribution;
  }

  private rescale(factor: number): void {
    this.settledTables.scale(factor);
    this.staging.scale(factor);
    this.fresh.scale(factor);
  }
}

/** The new failures of one change, against the baseline frozen at its detection. */
export class ChangeAttribution {
  private readonly failureTables: DecayingTopKSet;
  private readonly baselineTables: DecayingTopKSet;
  /** New failures counted. */
  count = 0;

  constructor(
    readonly fields: readonly AttributeField[],
    /** One table per field (a frozen copy). */
    baseline: DecayingTopKSet,
    readonly excluded: readonly AttributeField[],
    capacity: number,
    /** Events (decayed) in the baseline; with fewer than {@link THIN_BASELINE}, only near-unanimous values are reported. */
    readonly baselineEvents = Infinity,
  ) {
    this.baselineTables = baseline;
    this.failureTables = new DecayingTopKSet(fields.length, capacity);
  }

  /** The baseline frozen at the detection, one table per field (views). */
  get baseline(): readonly DecayingTopK[] {
    return this.fields.map((_, i) => DecayingTopK.of(this.baselineTables, i));
  }

  /** The new failures' tables, one per field (views). */
  get failures(): readonly DecayingTopK[] {
    return this.fields.map((_, i) => DecayingTopK.of(this.failureTables, i));
  }

  /** Count one new failure. */
  add(values: readonly (string | null)[]): void {
    this.count++;
    const failures = this.failureTables;
    for (let i = 0; i < this.fields.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) failures.addMissing(i, 1);
      else failures.add(i, v, 1);
    }
  }

  /**
   * The most over-represented values, by share - baselineShare, largest first. Against
   * a thin baseline (nothing like it happened before: the first revocation drops of a
   * firewall) over-representation means little, and only values shared by at least
   * {@link THIN_BASELINE_SHARE} of the new failures are reported.
   */
  ranked(options: RankOptions): AttributeShare[] {
    const minShare = this.baselineEvents < THIN_BASELINE ? Math.max(options.minShare, THIN_BASELINE_SHARE) : options.minShare;
    const candidates: (AttributeShare & { lift: number })[] = [];
    for (let i = 0; i < this.fields.length; i++) {
      const field = this.fields[i]!;
      if (this.excluded.includes(field)) continue;
      const table = DecayingTopK.of(this.failureTables, i);
      const base = DecayingTopK.of(this.baselineTables, i);
      const picked: (AttributeShare & { lift: number })[] = [];
      for (const value of table.values()) {
        // Chosen on the conservative lift (lower bound of the share against upper bound of the baseline)...
        const lift = table.shareLower(value) - base.shareUpper(value);
        if (table.shareLower(value) < minShare || lift < options.minLift) continue;
        // ...and reported with the best estimates.
        picked.push({ field, value, share: table.shareEstimate(value), baselineShare: base.shareEstimate(value), lift });
      }
      picked.sort(byLift);
      candidates.push(...picked.slice(0, options.maxPerField));
    }
    candidates.sort(byLift);
    return candidates
      .slice(0, options.maxAttributes)
      .map(({ field, value, share, baselineShare }) => ({ field, value, share, baselineShare }));
  }
}

function byLift(
  a: { lift: number; share: number; field: string; value: string },
  b: { lift: number; share: number; field: string; value: string },
): number {
  return b.lift - a.lift || b.share - a.share || (a.field < b.field ? -1 : a.field > b.field ? 1 : a.value < b.value ? -1 : 1);
}
