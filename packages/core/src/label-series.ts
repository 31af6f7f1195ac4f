/** Series of a metric, one per set of label values, made on first use. */
export interface LabelSeries<L extends string, S> {
  /** The series of these label values (made from a copy of them the first time). */
  of(labels: Record<L, string>): S;
  all(): IterableIterator<S>;
  clear(): void;
}

/**
 * The per-label-values map of the metrics counted on hot paths (`HotCounter`, `HotHistogram`):
 * the label values are keyed by one string, where prom-client validates and hashes them on every call.
 */
export function labelSeries<L extends string, S>(
  labelNames: readonly L[],
  make: (labels: Record<L, string>) => S,
): LabelSeries<L, S> {
  const series = new Map<string, S>();
  return {
    of(labels) {
      let key = '';
      for (const name of labelNames) key += `${labels[name]}\u0000`;
      let entry = series.get(key);
      if (entry === undefined) {
        entry = make({ ...labels });
        series.set(key, entry);
      }
      return entry;
    },
    all: () => series.values(),
    clear: () => series.clear(),
  };
}
