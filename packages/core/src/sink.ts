import type { Attributes } from '@opentelemetry/api';
import type { MetricDefinition } from './metrics';

/** One attribute set of a histogram, resolved once and then recorded into on the hot path. */
export interface HistogramCell {
  record(value: number): void;
}

/** One attribute set of a counter or up-down counter. */
export interface SumCell {
  add(value: number): void;
}

export interface Instrument<Cell> {
  /** Resolves an attribute set to its cell. Cold: call it once per attribute set and keep the cell. */
  cell(attributes: Attributes): Cell;
}

export type ObserveGauge = (value: number, attributes: Attributes) => void;
/** Called at collection time (a scrape), so gauges such as pool sizes cost nothing between scrapes. */
export type GaugeCallback = (observe: ObserveGauge) => void;

/**
 * Where recorders put their measurements. Two implementations: `MetricStore`, nodeprom's own
 * aggregation (used by `registerInstrumentations`), and `MeterSink`, the OpenTelemetry metrics API
 * (used when an instrumentation is handed a MeterProvider the standard way).
 */
export interface MetricSink {
  histogram(definition: MetricDefinition, boundaries?: readonly number[]): Instrument<HistogramCell>;
  counter(definition: MetricDefinition): Instrument<SumCell>;
  upDownCounter(definition: MetricDefinition): Instrument<SumCell>;
  /**
   * Registers an observed gauge; the returned function unregisters it. A definition of kind
   * `counter` makes it an observed counter: the callback reports the running total.
   */
  gauge(definition: MetricDefinition, callback: GaugeCallback): () => void;
}
