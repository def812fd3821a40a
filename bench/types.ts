/** What one benchmark module returns: a section of BENCHMARKS.md. */
export interface BenchSection {
  title: string;
  /** Markdown body: the measurement, the baseline measured in the same run, and the ratio. */
  markdown: string;
}

/** Each `bench/*.bench.ts` default-exports one of these. */
export type BenchModule = () => Promise<BenchSection>;
