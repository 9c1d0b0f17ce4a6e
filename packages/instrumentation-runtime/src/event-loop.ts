import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { SharedReading } from './shared-reading';

/** The monitor's sampling interval, in ms: Node's default. An idle loop reports about this delay. */
const RESOLUTION_MS = 10;
const NS_PER_S = 1e9;

/** Event loop delay over one window (the time between two scrapes), in seconds. */
export interface DelayWindow {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

const EMPTY_WINDOW: DelayWindow = Object.freeze({ min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0 });

/**
 * The event loop delay monitor: `perf_hooks.monitorEventLoopDelay`, a libuv timer inside Node that
 * does not keep the process alive. Each scrape reads the window since the previous one and resets it.
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  readonly window = new SharedReading<DelayWindow>(() => this.takeWindow());

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  private takeWindow(): DelayWindow {
    const histogram = this.histogram;
    // No sample yet (two scrapes within one sampling interval): min would be 2^63 and mean NaN.
    if (histogram.count === 0) return EMPTY_WINDOW;
    const window: DelayWindow = {
      min: histogram.min / NS_PER_S,
      max: histogram.max / NS_PER_S,
      mean: histogram.mean / NS_PER_S,
      stddev: histogram.stddev / NS_PER_S,
      p50: histogram.percentile(50) / NS_PER_S,
      p90: histogram.percentile(90) / NS_PER_S,
      p99: histogram.percentile(99) / NS_PER_S,
    };
    histogram.reset();
    return window;
  }
}

/** Event loop utilization since the previous scrape: 0 (idle) to 1 (busy all the time). */
export class EventLoopUtilizationWindow {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly window = new SharedReading<number>(() => this.takeWindow());
  /** The utilization of the window since the previous scrape. */
  readonly next = this.window.reader();

  start(): void {
    this.last = performance.eventLoopUtilization();
  }

  private takeWindow(): number {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    return delta.utilization;
  }
}
