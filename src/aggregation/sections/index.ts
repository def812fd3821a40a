/** Every section's selector, by name. */
import type { TopTablesCache } from '../top-cache.js';
import type { SectionName } from '../types.js';
import { changesSelector } from './changes.js';
import { selectConnections, selectLatency } from './connections.js';
import { selectDistributions } from './distributions.js';
import { selectFailures } from './failures.js';
import { selectMark } from './mark.js';
import { selectOverview } from './overview.js';
import type { Selector } from './section.js';
import { selectSeries } from './series.js';
import { selectCertificates, selectFirewall, selectTop } from './tops.js';

export type { SectionReader, Selector } from './section.js';

/** The selectors of a store whose merged top tables live in `tops`. */
export function selectors(tops: TopTablesCache): { [K in SectionName]: Selector<K> } {
  return {
    overview: selectOverview,
    connections: selectConnections,
    latency: selectLatency,
    distributions: selectDistributions,
    series: selectSeries,
    top: (v) => selectTop(v, tops),
    firewall: (v) => selectFirewall(v, tops),
    certificates: (v) => selectCertificates(v, tops),
    failures: selectFailures,
    mark: selectMark,
    changes: changesSelector(),
  };
}
