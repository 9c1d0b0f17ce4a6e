import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

import { log } from './log';
import type { MetricDefinition } from './metrics';
import type { GaugeCallback, HistogramCell, Instrument, MetricSink, SumCell } from './sink';

const SCOPE = { name: '@nodeprom/core', version: '0.1.0' };

/** A key for an attribute set that does not depend on the order its keys were written in. */
export function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
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
  constructor(readonly attributes: Attributes) {}
  add(value: number): void {
    this.value += value;
  }
}

abstract class CellTable<Cell extends { readonly attributes: Attributes }> implements Instrument<Cell> {
  readonly cells = new Map<string, Cell>();
  constructor(readonly definition: MetricDefinition) {}

  cell(attributes: Attributes): Cell {
    const key = attributesKey(attributes);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = this.create(frozenCopy(attributes));
      this.cells.set(key, cell);
    }
    return cell;
  }

  protected abstract create(attributes: Attributes): Cell;
  abstract export(startTime: HrTime, endTime: HrTime): MetricData;
}

class StoreHistogram extends CellTable<StoreHistogramCell> {
  readonly boundaries: Float64Array;
  constructor(definition: MetricDefinition, boundaries: readonly number[]) {
    super(definition);
    this.boundaries = Float64Array.from(boundaries);
  }
  protected create(attributes: Attributes): StoreHistogramCell {
    return new StoreHistogramCell(this.boundaries, attributes);
  }
  export(startTime: HrTime, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<Histogram>[] = [];
    for (const cell of this.cells.values()) {
      dataPoints.push({ startTime, endTime, attributes: cell.attributes, value: cell.snapshot() });
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    };
  }
}

class StoreSum extends CellTable<StoreSumCell> {
  constructor(
    definition: MetricDefinition,
    readonly monotonic: boolean,
  ) {
    super(definition);
  }
  protected create(attributes: Attributes): StoreSumCell {
    return new StoreSumCell(attributes);
  }
  export(startTime: HrTime, endTime: HrTime): MetricData {
    const dataPoints: DataPoint<number>[] = [];
    for (const cell of this.cells.values()) {
      dataPoints.push({ startTime, endTime, attributes: cell.attributes, value: cell.value });
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: this.monotonic,
      dataPoints,
    };
  }
}

class StoreGauge {
  readonly callbacks = new Set<GaugeCallback>();
  constructor(readonly definition: MetricDefinition) {}
  export(startTime: HrTime, endTime: HrTime): MetricData {
    const byKey = new Map<string, DataPoint<number>>();
    for (const callback of this.callbacks) {
      try {
        callback((value, attributes) => {
          // Two observations of one attribute set (two pools given one name) add up rather than
          // emitting a duplicate series, which Prometheus would reject.
          const key = attributesKey(attributes);
          const previous = byKey.get(key);
          byKey.set(key, {
            startTime,
            endTime,
            attributes: previous?.attributes ?? frozenCopy(attributes),
            value: (previous?.value ?? 0) + value,
          });
        });
      } catch (error) {
        log.errorOnce(`observing ${this.definition.name}`, error);
      }
    }
    return {
      descriptor: descriptorOf(this.definition),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [...byKey.values()],
    };
  }
}

function descriptorOf(definition: MetricDefinition) {
  return {
    name: definition.name,
    description: definition.description,
    unit: definition.unit,
    valueType: ValueType.DOUBLE,
  };
}

type StoreInstrument = StoreHistogram | StoreSum | StoreGauge;

/**
 * nodeprom's own aggregation. Recorders resolve their attribute sets to cells once; the OpenTelemetry
 * SDK reads the cells at collection time through the `MetricProducer` interface, so the result
 * reaches any MetricReader (the Prometheus exporter, or a periodic OTLP reader) like SDK metrics do.
 */
export class MetricStore implements MetricSink, MetricProducer {
  private readonly instruments = new Map<string, StoreInstrument>();
  private readonly startTime: HrTime = hrTime();

  histogram(definition: MetricDefinition, boundaries?: readonly number[]): Instrument<HistogramCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreHistogram) return existing;
    const created = new StoreHistogram(definition, boundaries ?? definition.buckets ?? []);
    return this.register(created, existing);
  }

  counter(definition: MetricDefinition): Instrument<SumCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreSum && existing.monotonic) return existing;
    return this.register(new StoreSum(definition, true), existing);
  }

  upDownCounter(definition: MetricDefinition): Instrument<SumCell> {
    const existing = this.instruments.get(definition.name);
    if (existing instanceof StoreSum && !existing.monotonic) return existing;
    return this.register(new StoreSum(definition, false), existing);
  }

  gauge(definition: MetricDefinition, callback: GaugeCallback): () => void {
    let gauge = this.instruments.get(definition.name);
    if (!(gauge instanceof StoreGauge)) gauge = this.register(new StoreGauge(definition), gauge);
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

  /** The definitions of the metrics registered so far (the multi-process aggregator reads their `multiprocess`). */
  definitions(): MetricDefinition[] {
    return [...this.instruments.values()].map((instrument) => instrument.definition);
  }

  async collect(): Promise<CollectionResult> {
    return this.collectNow();
  }

  /** `collect()` without the promise, for a process's last state written at exit. */
  collectNow(): CollectionResult {
    const endTime = hrTime();
    const metrics: MetricData[] = [];
    for (const instrument of this.instruments.values()) {
      metrics.push(instrument.export(this.startTime, endTime));
    }
    return {
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SCOPE, metrics }] },
      errors: [],
    };
  }
}

export const STORE_SCOPE_NAME = SCOPE.name;
