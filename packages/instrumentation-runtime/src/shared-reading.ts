/**
 * A reader that comes back within this many ms reuses the reading it already saw: one scrape may
 * read a gauge more than once (a multi-process service exports this process's state, then renders
 * it), and each read must not start a new window.
 */
const MIN_WINDOW_MS = 100;

/**
 * One reading of a source shared by the gauges of one scrape. Several gauges come from one call
 * (`process.memoryUsage()`, `v8.getHeapSpaceStatistics()`, the event loop monitor's window), and a
 * gauge callback cannot tell when a scrape starts. So each reader sees each reading at least once:
 * the first reader that comes back for the next scrape (having seen the current reading, at least
 * `MIN_WINDOW_MS` later) takes a fresh reading. For the event loop window this is also what resets
 * the monitor once per scrape, whatever order the store reads gauges in.
 */
export class SharedReading<T> {
  private value: T | undefined;
  private takenAt = 0;
  /** Bit i set: reader i has seen `value`. */
  private seen = 0;
  private readers = 0;

  constructor(private readonly read: () => T) {}

  /** A new reader; at most 31 per reading (a bit each). */
  reader(): () => T {
    if (this.readers === 31) throw new Error('a SharedReading has at most 31 readers');
    const bit = 1 << this.readers++;
    return () => {
      if (this.value === undefined || ((this.seen & bit) !== 0 && Date.now() - this.takenAt >= MIN_WINDOW_MS)) {
        this.value = this.read();
        this.takenAt = Date.now();
        this.seen = 0;
      }
      this.seen |= bit;
      return this.value;
    };
  }
}
