import type { Attributes, Meter } from '@opentelemetry/api';
import type { MetricDefinition } from './metrics';
import type { GaugeCallback, HistogramCell, Instrument, MetricSink, SumCell } from './sink';

function frozen(attributes: Attributes): Attributes {
  return Object.freeze({ ...attributes });
}

/**
 * Records through the OpenTelemetry metrics API, for an instrumentation that was handed a
 * MeterProvider the standard way (`setMeterProvider`, NodeSDK, OTLP). Slower than `MetricStore`
 * (the SDK hashes the attributes on every record) but it works with any provider.
 */
export class MeterSink implements MetricSink {
  constructor(private readonly meter: Meter) {}

  histogram(definition: MetricDefinition, boundaries?: readonly number[]): Instrument<HistogramCell> {
    const buckets = boundaries ?? definition.buckets;
    const histogram = this.meter.createHistogram(definition.name, {
      description: definition.description,
      unit: definition.unit,
      advice: buckets ? { explicitBucketBoundaries: [...buckets] } : undefined,
    });
    return {
      cell(attributes) {
        const fixed = frozen(attributes);
        return { record: (value: number) => histogram.record(value, fixed) };
      },
    };
  }

  counter(definition: MetricDefinition): Instrument<SumCell> {
    const counter = this.meter.createCounter(definition.name, {
      description: definition.description,
      unit: definition.unit,
    });
    return {
      cell(attributes) {
        const fixed = frozen(attributes);
        return { add: (value: number) => counter.add(value, fixed) };
      },
    };
  }

  upDownCounter(definition: MetricDefinition): Instrument<SumCell> {
    const counter = this.meter.createUpDownCounter(definition.name, {
      description: definition.description,
      unit: definition.unit,
    });
    return {
      cell(attributes) {
        const fixed = frozen(attributes);
        return { add: (value: number) => counter.add(value, fixed) };
      },
    };
  }

  gauge(definition: MetricDefinition, callback: GaugeCallback): () => void {
    const options = { description: definition.description, unit: definition.unit };
    const gauge =
      definition.kind === 'counter'
        ? this.meter.createObservableCounter(definition.name, options)
        : this.meter.createObservableGauge(definition.name, options);
    const observe: Parameters<typeof gauge.addCallback>[0] = (result) => {
      callback((value, attributes) => result.observe(value, attributes));
    };
    gauge.addCallback(observe);
    return () => gauge.removeCallback(observe);
  }
}
