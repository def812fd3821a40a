/**
 * The distribution names the monitor shows (`--resolve-names`): filled once the
 * CloudFront look-up answers, observed by the App like the status board. Raw strings
 * from AWS, bounded by the adapter; the panes sanitise them on display.
 */
import { displayName, type DistributionName } from '../events/distribution-name.js';

/** Display names by distribution ID, observable. */
export class NameBook {
  // No prototype: a distribution id is outside text ("__proto__" would be a valid hostile one).
  private names: Readonly<Record<string, string>> = Object.create(null) as Record<string, string>;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Readonly<Record<string, string>> => this.names;

  /** Take the look-up's names (the first alias, else the comment, of each). */
  set(found: ReadonlyMap<string, DistributionName>): void {
    const names = Object.create(null) as Record<string, string>;
    for (const [id, name] of found) {
      const shown = displayName(name);
      if (shown !== undefined) names[id] = shown;
    }
    this.names = names;
    for (const l of this.listeners) l();
  }
}
