import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { MetricKind, MultiprocessAggregation } from '../metrics';

/**
 * A process's metrics as plain JSON: what one process of a multi-process service hands to the one
 * that serves the scrape, and what it leaves on disk when it exits. Cumulative values only, so that
 * summing states is correct whatever process serves the scrape.
 */
export interface ProcessState {
  readonly id: string;
  readonly pid: number;
  readonly families: FamilyState[];
}

export interface FamilyState {
  /** The Prometheus base name (unit suffix included, no prefix, no `_total`). */
  readonly name: string;
  readonly description: string;
  readonly kind: MetricKind;
  readonly aggregation: MultiprocessAggregation;
  /** Scope the family came from (`@nodeprom/core` for nodeprom's store). */
  readonly scope: string;
  readonly points: PointState[];
}

export interface HistogramState {
  readonly boundaries: number[];
  readonly counts: number[];
  readonly sum: number;
  readonly count: number;
}

export interface PointState {
  readonly attributes: Attributes;
  readonly value: number | HistogramState;
}

function kindOf(metric: MetricData): MetricKind {
  if (metric.dataPointType === DataPointType.HISTOGRAM) return 'histogram';
  if (metric.dataPointType === DataPointType.SUM) return metric.isMonotonic ? 'counter' : 'updowncounter';
  return 'gauge';
}

/**
 * Families of a collection already passed through `toPrometheusFamilies` (one family per name) as
 * state. `aggregationOf` says how each family combines across processes. Exponential histograms are
 * not produced by nodeprom's default views and are left out.
 */
export function familiesToState(
  resourceMetrics: ResourceMetrics,
  scopeOf: (name: string) => string,
  aggregationOf: (name: string, kind: MetricKind) => MultiprocessAggregation,
): FamilyState[] {
  const families: FamilyState[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) continue;
      const kind = kindOf(metric);
      const name = metric.descriptor.name;
      const points: PointState[] = [];
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        for (const point of metric.dataPoints) {
          const { buckets, sum, count } = point.value;
          points.push({ attributes: point.attributes, value: { boundaries: buckets.boundaries, counts: buckets.counts, sum: sum ?? 0, count } });
        }
      } else {
        for (const point of metric.dataPoints as DataPoint<number>[]) points.push({ attributes: point.attributes, value: point.value });
      }
      families.push({ name, description: metric.descriptor.description, kind, aggregation: aggregationOf(name, kind), scope: scopeOf(name), points });
    }
  }
  return families;
}

/** Merged families back into OpenTelemetry's data model, for the Prometheus serializer. */
export function stateToResourceMetrics(families: readonly FamilyState[], resource: Resource, time: HrTime): ResourceMetrics {
  const metrics: MetricData[] = [];
  for (const family of families) {
    const descriptor = { name: family.name, description: family.description, unit: '', valueType: ValueType.DOUBLE };
    const common = { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
    if (family.kind === 'histogram') {
      const dataPoints: DataPoint<Histogram>[] = family.points.map((point) => {
        const value = point.value as HistogramState;
        return {
          startTime: time,
          endTime: time,
          attributes: point.attributes,
          value: { buckets: { boundaries: value.boundaries, counts: value.counts }, sum: value.sum, count: value.count },
        };
      });
      metrics.push({ ...common, dataPointType: DataPointType.HISTOGRAM, dataPoints });
      continue;
    }
    const dataPoints: DataPoint<number>[] = family.points.map((point) => ({
      startTime: time,
      endTime: time,
      attributes: point.attributes,
      value: point.value as number,
    }));
    if (family.kind === 'gauge') metrics.push({ ...common, dataPointType: DataPointType.GAUGE, dataPoints });
    else metrics.push({ ...common, dataPointType: DataPointType.SUM, isMonotonic: family.kind === 'counter', dataPoints });
  }
  return { resource, scopeMetrics: [{ scope: { name: 'nodeprom' }, metrics }] };
}
