/**
 * Interning of connection groups: every connection event belongs to one
 * (distribution, tenant, status) triple, and buckets count per triple id ("gid") so
 * distribution, tenant and status filters can be recomputed from buckets alone.
 * All three dimensions are capped (log content is hostile): distinct values beyond a
 * cap fold into OTHER_LABEL, so the registry is bounded by its caps, not by traffic.
 */

/** Label that collects distinct values beyond a cap. */
export const OTHER_LABEL = '(other)';
/** Distribution label for connection records without a distributionId. */
export const NO_DISTRIBUTION = '(none)';
/** Longest key kept for any label; longer values are cut (memory bound). */
export const MAX_LABEL_LENGTH = 256;

/** Caps of a {@link GroupRegistry}. */
export interface GroupCaps {
  /** Distinct distributions before folding into `(other)`. Default 1000. */
  maxDistributions: number;
  /** Distinct tenants before folding into `(other)`. Default 1000. */
  maxTenants: number;
  /** Distinct statuses before folding into `Failed:(other)`. Default 256. */
  maxStatuses: number;
  /** Distinct (distribution, tenant, status) triples before folding. Default 8192. */
  maxGroups: number;
}

/** Default caps. */
export const DEFAULT_GROUP_CAPS: GroupCaps = {
  maxDistributions: 1000,
  maxTenants: 1000,
  maxStatuses: 256,
  maxGroups: 8192,
};

/** Cut a hostile label to the kept length. */
export function clampLabel(value: string): string {
  return value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value;
}

/** Interned (distribution, tenant, status) triples. */
export class GroupRegistry {
  /** Per gid. */
  readonly distribution: string[] = [];
  readonly tenant: (string | null)[] = [];
  readonly status: string[] = [];
  readonly failed: boolean[] = [];
  private readonly distributions = new Set<string>();
  private readonly tenants = new Set<string>();
  private readonly statuses = new Set<string>();
  // distribution -> tenant ('' for none) -> status -> gid
  private readonly index = new Map<string, Map<string, Map<string, number>>>();

  constructor(readonly caps: GroupCaps = DEFAULT_GROUP_CAPS) {}

  /** Number of interned triples. */
  get size(): number {
    return this.status.length;
  }

  /** Distinct values per dimension (for cap tests). */
  get dimensionSizes(): { distributions: number; tenants: number; statuses: number } {
    return { distributions: this.distributions.size, tenants: this.tenants.size, statuses: this.statuses.size };
  }

  /** The gid of a triple, interning it (or its folded form) on first sight. */
  gid(distribution: string, tenant: string | null, status: string, failed: boolean): number {
    const byTenant = this.index.get(distribution);
    const byStatus = byTenant?.get(tenant ?? '');
    const found = byStatus?.get(status);
    if (found !== undefined) return found;
    return this.intern(distribution, tenant, status, failed);
  }

  private intern(distribution: string, tenant: string | null, status: string, failed: boolean): number {
    const d = this.fold(this.distributions, clampLabel(distribution), this.caps.maxDistributions, OTHER_LABEL);
    const t = tenant === null ? null : this.fold(this.tenants, clampLabel(tenant), this.caps.maxTenants, OTHER_LABEL);
    const s = this.fold(this.statuses, clampLabel(status), this.caps.maxStatuses, failed ? 'Failed:' + OTHER_LABEL : 'Success');
    let gid = this.lookup(d, t, s);
    if (gid === undefined) {
      if (this.size >= this.caps.maxGroups) {
        gid = this.lookup(OTHER_LABEL, null, failed ? 'Failed:' + OTHER_LABEL : 'Success');
        if (gid === undefined) gid = this.add(OTHER_LABEL, null, failed ? 'Failed:' + OTHER_LABEL : 'Success', failed);
      } else {
        gid = this.add(d, t, s, failed);
      }
    }
    // Raw values beyond a cap are not remembered (that would unbound the index):
    // they take this slower path on every event.
    return gid;
  }

  private lookup(d: string, t: string | null, s: string): number | undefined {
    return this.index
      .get(d)
      ?.get(t ?? '')
      ?.get(s);
  }

  private add(d: string, t: string | null, s: string, failed: boolean): number {
    const gid = this.status.length;
    this.distribution.push(d);
    this.tenant.push(t);
    this.status.push(s);
    this.failed.push(failed);
    let byTenant = this.index.get(d);
    if (!byTenant) this.index.set(d, (byTenant = new Map()));
    let byStatus = byTenant.get(t ?? '');
    if (!byStatus) byTenant.set(t ?? '', (byStatus = new Map()));
    byStatus.set(s, gid);
    return gid;
  }

  private fold(seen: Set<string>, value: string, cap: number, other: string): string {
    if (seen.has(value)) return value;
    if (seen.size >= cap) return other;
    seen.add(value);
    return value;
  }
}

/**
 * Interned firewall kinds: (category, error class or other type, revocation status,
 * revocation action). Firewall buckets count per kind id, so the pane's breakdowns
 * (error class, revocation status x action) can be recomputed, also under a text filter.
 */
export interface FirewallKind {
  category: 'tls_error' | 'revocation_check' | 'other';
  errorClass: string | null;
  revocationStatus: string | null;
  revocationAction: string | null;
  /** TLS errors and revocation checks whose status is not GOOD. */
  failed: boolean;
}

/** Interned firewall kinds, capped at `maxKinds` (default 256; beyond folds into `other`). */
export class FirewallKindRegistry {
  readonly kinds: FirewallKind[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly maxKinds = 256) {}

  /** Number of interned kinds. */
  get size(): number {
    return this.kinds.length;
  }

  /** The id of a kind, interning it on first sight. */
  id(kind: FirewallKind): number {
    const key = `${kind.category}\u0001${kind.errorClass ?? ''}\u0001${kind.revocationStatus ?? ''}\u0001${kind.revocationAction ?? ''}`;
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.kinds.length >= this.maxKinds) {
      return this.id({ category: 'other', errorClass: null, revocationStatus: null, revocationAction: null, failed: false });
    }
    const id = this.kinds.length;
    this.kinds.push(kind);
    this.index.set(key, id);
    return id;
  }
}
