import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { guarded, type HistogramCell, type Instrument } from '@nodeprom/core';

/** V8's collection kinds as Node reports them, by their names in both profiles. */
const GC_KINDS: ReadonlyArray<readonly [number, string]> = [
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
];

interface GcEntry extends PerformanceEntry {
  readonly detail?: { readonly kind?: number };
}

/**
 * Records garbage collection pauses into a histogram by kind. One PerformanceObserver per instance,
 * connected by `start()` and disconnected by `stop()`, so that a layer switched on and off any
 * number of times leaves no observer behind (prom-client's observer is never disconnected, its #500).
 */
export class GcDurations {
  private readonly observer: PerformanceObserver;
  /** Cells by kind, created at the first collection of that kind: no empty series. */
  private readonly cells = new Map<number, HistogramCell>();
  private observing = false;

  constructor(
    private readonly histogram: Instrument<HistogramCell>,
    /** The label the kind goes into: `v8js.gc.type`, or prom-client's `kind`. */
    private readonly label: string,
  ) {
    this.observer = new PerformanceObserver(
      guarded('runtime: recording a GC', (list: { getEntries(): PerformanceEntry[] }) => {
        for (const entry of list.getEntries()) this.record(entry as GcEntry);
      }),
    );
  }

  start(): void {
    if (this.observing) return;
    this.observer.observe({ entryTypes: ['gc'] });
    this.observing = true;
  }

  stop(): void {
    if (!this.observing) return;
    this.observer.disconnect();
    this.observing = false;
  }

  private record(entry: GcEntry): void {
    const kind = entry.detail?.kind;
    if (kind === undefined) return;
    let cell = this.cells.get(kind);
    if (cell === undefined) {
      const name = GC_KINDS.find(([value]) => value === kind)?.[1];
      // A kind Node may add later stays out rather than becoming an unbounded label value.
      if (name === undefined) return;
      cell = this.histogram.cell({ [this.label]: name });
      this.cells.set(kind, cell);
    }
    cell.record(entry.duration / 1000);
  }
}
