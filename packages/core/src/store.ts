import { performance } from 'node:perf_hooks';
import type { Attributes, HrTime } from '@opentelemetry/api';
import type { CollectionResult, DataPoint, Histogram, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';

import { prometheusBaseName, prometheusName } from './exposition';
import { renderLabels } from './label-block';
import { log } from './log';
import { NODEPROM_METRIC_OVERFLOW, type MetricDefinition } from './metrics';
import { CUMULATIVE, DOUBLE_VALUES, GAUGE_POINTS, HISTOGRAM_POINTS, SUM_POINTS } from './sdk-values';
import type { GaugeCallback, HistogramCell, Instrument, MetricSink, SumCell } from './sink';

const SCOPE = { name: '@nodeprom/core', version: '0.1.0' };

/** A key for an attribute set that does not depend on the order its keys were written in. */
export function attributesKey(attributes: Attributes): string {
  return JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((key) => [key, attributes[key]]),
  );
}

function frozenCopy(attributes: Attributes): Attributes {
  const copy: Attributes = {};
  for (const key of Object.keys(attributes)) {
    if (attributes[key] !== undefined) copy[key] = attributes[key];
  }
  return Object.freeze(copy);
}

/**
 * Cumulative histogram of one attribute set. Hand-written rather than the SDK's aggregator because
 * it is the hot path: a record is a short scan over a typed array and four field updates, with no
 * attribute hashing, no allocation and no storage lookup (the cell was resolved once, up front).
 */
export class StoreHistogramCell implements HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly boundaries: Float64Array,
    readonly attributes: Attributes,
    /** The label block, rendered once here so that a scrape only concatenates. */
    readonly labels: string,
  ) {
    this.counts = new Float64Array(boundaries.length + 1);
  }

  record(value: number): void {
    const boundaries = this.boundaries;
    const last = boundaries.length;
    // Buckets are upper-inclusive (Prometheus `le`). Linear: a dozen boundaries, most values land early.
    let index = 0;
    while (index < last && value > boundaries[index]!) index++;
    this.counts[index]!++;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  snapshot(): Histogram {
    return {
      buckets: { boundaries: Array.from(this.boundaries), counts: Array.from(this.counts) },
      sum: this.sum,
      count: this.count,
      min: this.count > 0 ? this.min : undefined,
      max: this.count > 0 ? this.max : undefined,
    };
  }
}

export class StoreSumCell implements SumCell {
  value = 0;
  constructor(
    readonly attributes: Attributes,
    readonly labels: string,
  ) {}
  add(value: number): void {
    this.value += value;
  }
}

/** OpenTelemetry's convention for the one series that takes attribute sets past the budget. */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const OVERFLOW_LABELS = renderLabels(OVERFLOW_ATTRIBUTES);
/** Never an `attributesKey` (those are JSON arrays), so the overflow cell cannot collide with a real one. */
const OVERFLOW_KEY = 'overflow';

/**
 * The overflow cells count what they take in `nodeprom_metric_overflow_total`. Subclasses, so the
 * cells within budget keep their record/add untouched.
 */
class OverflowHistogramCell extends StoreHistogramCell {
  constructor(
    boundaries: Float64Array,
    private readonly overflowed: SumCell,
  ) {
    super(boundaries, OVERFLOW_ATTRIBUTES, OVERFLOW_LABELS);
  }
  override record(value: number): void {
    super.record(value);
    this.overflowed.add(1);
  }
}

class OverflowSumCell extends StoreSumCell {
  constructor(private readonly overflowed: SumCell) {
    super(OVERFLOW_ATTRIBUTES, OVERFLOW_LABELS);
  }
  override add(value: number): void {
    super.add(value);
    this.overflowed.add(1);
  }
}

/** What an instrument needs from its store: the budget, and where overflows are counted. */
interface Budget {
  readonly maxSeries: number;
  overflowed(definition: MetricDefinition): SumCell;
}

abstract class CellTable<Cell extends { readonly attributes: Attributes }> implements Instrument<Cell> {
  /** Every cell by `attributesKey`, the overflow cell (once there is one) included, in creation order. */
  readonly cells = new Map<string, Cell>();
  /** The Prometheus name without prefix or `_total`, the family this instrument writes. */
  readonly familyName: string;
  private overflow: Cell | undefined;

  constructor(
    readonly definition: MetricDefinition,
    private readonly budget: Budget,
  ) {
    this.familyName = prometheusBaseName(definition.name, definition.unit, definition.kind);
  }

  cell(attributes: Attributes): Cell {
    const key = attributesKey(attributes);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size - (this.overflow === undefined ? 0 : 1) >= this.budget.maxSeries) return this.overflowCell();
      const frozen = frozenCopy(attributes);
      cell = this.create(frozen, renderLabels(frozen));
      this.cells.set(key, cell);
    }
    return cell;
  }

  private overflowCell(): Cell {
    if (this.overflow === undefined) {
      const name = prometheusName(this.definition);
      log.warn(
        `metric ${name} has reached its budget of ${this.budget.maxSeries} series (NODEPROM_MAX_SERIES_PER_METRIC); further attribute sets are recorded into one series labelled otel_metric_overflow="true", and nodeprom_metric_overflow_total{metric="${name}"} counts them.`,
      );
      this.overflow = this.createOverflow(this.budget.overflowed(this.definition));
      this.cells.set(OVERFLOW_KEY, this.overflow);
    }
    return this.overflow;
  }

  protected abstract create(attributes: Attributes, labels: string): Cell;
  protected abstract createOverflow(overflowed: SumCell): Cell;
  abstract export(startTime: HrTime, endTime: HrTime): MetricData;
}

class StoreHistogram extends CellTable<StoreHistogramCell> {
  readonly boundaries: Float64Array;
  constructor(definition: MetricDefinition, budget: Budget, boundaries: readonly number[]) {
    super(definition, budget);
    this.boundaries = Float64Array.from(boundaries);
  }
  protected create(attributes: Attributes, labels: string): StoreHistogramCell {
    return new StoreHistogramCell(this.boundaries, attributes, labels);
  }
  protected createOverflow(overflowed: SumCell): StoreHistogramCell {
    return new OverflowHistogramCell(this.boundaries, overflowed);
  }
  export(startTime: HrTime, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<Histogram>[] = [];
    for (const cell of this.cells.values()) {
      dataPoints.push({ startTime, endTime, attributes: cell.attributes, value: cell.snapshot() });
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: CUMULATIVE,
      dataPointType: HISTOGRAM_POINTS,
      dataPoints,
    };
  }
}

class StoreSum extends CellTable<StoreSumCell> {
  constructor(
    definition: MetricDefinition,
    budget: Budget,
    readonly monotonic: boolean,
  ) {
    super(definition, budget);
  }
  protected create(attributes: Attributes, labels: string): StoreSumCell {
    return new StoreSumCell(attributes, labels);
  }
  protected createOverflow(overflowed: SumCell): StoreSumCell {
    return new OverflowSumCell(overflowed);
  }
  export(startTime: HrTime, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<number>[] = [];
    for (const cell of this.cells.values()) {
      dataPoints.push({ startTime, endTime, attributes: cell.attributes, value: cell.value });
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: CUMULATIVE,
      dataPointType: SUM_POINTS,
      isMonotonic: this.monotonic,
      dataPoints,
    };
  }
}

/** One observed gauge series of a collection. */
export interface GaugeSeries {
  readonly key: string;
  readonly attributes: Attributes;
  readonly labels: string;
  value: number;
}

class StoreGauge {
  readonly callbacks = new Set<GaugeCallback>();
  readonly familyName: string;
  /** Label blocks of the last collection's series, reused by the next one (gauges are re-observed every time). */
  private rendered = new Map<string, GaugeSeries>();
  private warned = false;

  constructor(
    readonly definition: MetricDefinition,
    private readonly budget: Budget,
  ) {
    this.familyName = prometheusBaseName(definition.name, definition.unit, definition.kind);
  }

  /**
   * Runs the callbacks and returns this collection's series, at most the budget of them plus one
   * overflow series. Two observations of one attribute set (two pools given one name) add up
   * rather than emitting a duplicate series, which Prometheus would reject.
   */
  observe(): GaugeSeries[] {
    const byKey = new Map<string, GaugeSeries>();
    const previous = this.rendered;
    let overflow: GaugeSeries | undefined;
    let overflowed = 0;
    for (const callback of this.callbacks) {
      try {
        callback((value, attributes) => {
          const key = attributesKey(attributes);
          const series = byKey.get(key);
          if (series !== undefined) {
            series.value += value;
          } else if (byKey.size - (overflow === undefined ? 0 : 1) < this.budget.maxSeries) {
            const known = previous.get(key);
            const frozen = known?.attributes ?? frozenCopy(attributes);
            byKey.set(key, { key, attributes: frozen, labels: known?.labels ?? renderLabels(frozen), value });
          } else {
            overflowed++;
            if (overflow === undefined) {
              overflow = { key: OVERFLOW_KEY, attributes: OVERFLOW_ATTRIBUTES, labels: OVERFLOW_LABELS, value: 0 };
              byKey.set(OVERFLOW_KEY, overflow);
            }
            overflow.value += value;
          }
        });
      } catch (error) {
        log.errorOnce(`observing ${this.definition.name}`, error);
      }
    }
    if (overflowed > 0) {
      if (!this.warned) {
        this.warned = true;
        const name = prometheusName(this.definition);
        log.warn(
          `metric ${name} has reached its budget of ${this.budget.maxSeries} series (NODEPROM_MAX_SERIES_PER_METRIC); further attribute sets are added into one series labelled otel_metric_overflow="true", and nodeprom_metric_overflow_total{metric="${name}"} counts them.`,
        );
      }
      this.budget.overflowed(this.definition).add(overflowed);
    }
    this.rendered = byKey;
    return [...byKey.values()];
  }

  export(startTime: HrTime, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<number>[] = [];
    for (const series of this.observe()) {
      dataPoints.push({ startTime, endTime, attributes: series.attributes, value: series.value });
    }
    // A callback-read counter (CPU time): the callback reports the running total.
    if (this.definition.kind === 'counter') {
      return {
        descriptor: descriptorOf(this.definition),
        aggregationTemporality: CUMULATIVE,
        dataPointType: SUM_POINTS,
        isMonotonic: true,
        dataPoints,
      };
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: CUMULATIVE,
      dataPointType: GAUGE_POINTS,
      dataPoints,
    };
  }
}

function descriptorOf(definition: MetricDefinition) {
  return {
    name: definition.name,
    description: definition.description,
    unit: definition.unit,
    valueType: DOUBLE_VALUES,
  };
}

export type StoreInstrument = StoreHistogram | StoreSum | StoreGauge;
export { StoreHistogram, StoreSum, StoreGauge };

export interface MetricStoreOptions {
  /** Attribute sets per metric before the overflow series takes the rest. Default 2000. */
  readonly maxSeriesPerMetric?: number;
}

export const DEFAULT_MAX_SERIES_PER_METRIC = 2000;

/**
 * nodeprom's own aggregation. Recorders resolve their attribute sets to cells once; the OpenTelemetry
 * SDK reads the cells at collection time through the `MetricProducer` interface, so the result
 * reaches any MetricReader (the Prometheus exporter, or a periodic OTLP reader) like SDK metrics do.
 */
export class MetricStore implements MetricSink, MetricProducer {
  private readonly instruments = new Map<string, StoreInstrument>();
  /** `performance.now()` at creation, made an HrTime by the first collect (see `collect`). */
  private readonly createdAt = performance.now();
  private startTime: HrTime | undefined;
  private readonly budget: Budget;

  constructor(options: MetricStoreOptions = {}) {
    const maxSeries = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES_PER_METRIC;
    const overflowCells = new Map<string, SumCell>();
    this.budget = {
      maxSeries,
      overflowed: (definition) => {
        let cell = overflowCells.get(definition.name);
        if (cell === undefined) {
          cell = this.overflowCounter().cell({ metric: prometheusName(definition) });
          overflowCells.set(definition.name, cell);
        }
        return cell;
      },
    };
  }

  /**
   * `nodeprom_metric_overflow_total` has one series per metric that overflowed, bounded by the
   * definitions themselves, so it has no budget (it would otherwise have to overflow into itself).
   */
  private overflowCounter(): StoreSum {
    const existing = this.instruments.get(NODEPROM_METRIC_OVERFLOW.name);
    if (existing instanceof StoreSum) return existing;
    const unbounded: Budget = {
      maxSeries: Infinity,
      overflowed: () => this.budget.overflowed(NODEPROM_METRIC_OVERFLOW),
    };
    return this.register(new StoreSum(NODEPROM_METRIC_OVERFLOW, unbounded, true), existing);
  }

  /** nodeprom's own instruments in the order they were defined (the exposition's order). */
  list(): IterableIterator<StoreInstrument> {
    return this.instruments.values();
  }

  histogram(definition: MetricDefinition, boundaries?: readonly number[]): Instrument<HistogramCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreHistogram) return existing;
    const created = new StoreHistogram(definition, this.budget, boundaries ?? definition.buckets ?? []);
    return this.register(created, existing);
  }

  counter(definition: MetricDefinition): Instrument<SumCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreSum && existing.monotonic) return existing;
    return this.register(new StoreSum(definition, this.budget, true), existing);
  }

  upDownCounter(definition: MetricDefinition): Instrument<SumCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreSum && !existing.monotonic) return existing;
    return this.register(new StoreSum(definition, this.budget, false), existing);
  }

  gauge(definition: MetricDefinition, callback: GaugeCallback): () => void {
    let gauge = this.instruments.get(definition.name);
    if (!(gauge instanceof StoreGauge)) gauge = this.register(new StoreGauge(definition, this.budget), gauge);
    const callbacks = gauge.callbacks;
    callbacks.add(callback);
    return () => callbacks.delete(callback);
  }

  private register<T extends StoreInstrument>(created: T, existing: StoreInstrument | undefined): T {
    if (existing !== undefined) {
      // Definitions live in one module (metrics.ts), so this is a programming error, not a user's.
      throw new Error(`metric ${created.definition.name} is already defined with another type`);
    }
    this.instruments.set(created.definition.name, created);
    return created;
  }

  async collect(): Promise<CollectionResult> {
    // Required here, not at the top: @opentelemetry/core and resources cost tens of milliseconds to
    // load, which every preloaded process would pay at start-up for a collect it may never run.
    const { hrTime } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
    const { emptyResource } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    const startTime = (this.startTime ??= hrTime(this.createdAt));
    const endTime = hrTime();
    const metrics: MetricData[] = [];
    for (const instrument of this.instruments.values()) {
      metrics.push(instrument.export(startTime, endTime));
    }
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SCOPE, metrics }] },
      errors: [],
    };
  }
}

export const STORE_SCOPE_NAME = SCOPE.name;
