/** The shape of a section selector (one per section; see index.ts). */
import type { SectionName, ViewSections } from '../types.js';
import type { ViewContext } from '../view-context.js';

/** Reads another section of the same frame and query (memoised like any section read). */
export type SectionReader = <K extends SectionName>(name: K) => ViewSections[K];

/** Computes one section from a frame of a query. */
export type Selector<K extends SectionName> = (v: ViewContext, read: SectionReader) => ViewSections[K];
