/**
 * One reading of a source shared by the gauges of one scrape. Several gauges come from one call
 * (`process.memoryUsage()`, `v8.getHeapSpaceStatistics()`, the event loop monitor's window), and a
 * gauge callback cannot tell when a scrape starts. So each reader sees each reading once: the first
 * reader that comes back (the next scrape) takes a fresh reading. For the event loop window this is
 * also what resets the monitor once per scrape, whatever order the store reads gauges in.
 */
export class SharedReading<T> {
  private value: T | undefined;
  /** Bit i set: reader i has seen `value`. */
  private seen = 0;
  private readers = 0;

  constructor(private readonly read: () => T) {}

  /** A new reader; at most 31 per reading (a bit each). */
  reader(): () => T {
    if (this.readers === 31) throw new Error('a SharedReading has at most 31 readers');
    const bit = 1 << this.readers++;
    return () => {
      if (this.value === undefined || (this.seen & bit) !== 0) {
        this.value = this.read();
        this.seen = 0;
      }
      this.seen |= bit;
      return this.value;
    };
  }
}
