import type { Meter, MeterOptions, MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { CollectionResult, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** What a scrape source asks of the reader of other scopes: a collection. */
export type ForeignReader = Pick<MetricReader, 'collect'>;

/**
 * The OpenTelemetry SDK side of nodeprom (a MeterProvider whose Prometheus reader collects a user's
 * own @opentelemetry/api metrics and the resource's `target_info`), built on first use. Loading the
 * SDK, its resources and the exporter costs a preloaded process well over 100 ms at start-up
 * (issue 11 §7), while nodeprom's own metrics never go through it: its layers record into the store,
 * which the scrape writes directly. So the SDK is built by the first `getMeter` of the global
 * provider (a user's `metrics.getMeter()`, at module load or later) or by the first scrape.
 */
export class LazySdk {
  /** Set while nodeprom makes a layer: see `withoutSdk`. */
  private makingLayer = false;
  private built: { readonly meterProvider: MeterProvider; readonly reader: PrometheusExporter } | undefined;

  /**
   * Set as the global MeterProvider: a meter taken from it is the SDK's own, so instruments made
   * through @opentelemetry/api behave exactly as on the SDK's provider.
   */
  readonly globalProvider: ApiMeterProvider & Pick<MeterProvider, 'forceFlush' | 'shutdown'> = {
    getMeter: (name: string, version?: string, options?: MeterOptions): Meter =>
      this.makingLayer && this.built === undefined
        ? (require('@opentelemetry/api') as typeof import('@opentelemetry/api')).createNoopMeter()
        : this.sdk().meterProvider.getMeter(name, version, options),
    // The SDK provider's own methods, for code that calls them on the global one: nothing to do unbuilt.
    forceFlush: async (options) => this.built?.meterProvider.forceFlush(options),
    shutdown: async (options) => this.built?.meterProvider.shutdown(options),
  };

  /** The reader of other scopes, as the scrape sources see it: collecting builds the SDK. */
  readonly reader: ForeignReader = {
    collect: (options?: Parameters<MetricReader['collect']>[0]): Promise<CollectionResult> =>
      this.sdk().reader.collect(options),
  };

  /**
   * Runs `make` (the making of a layer) with the global provider handing out no-op meters unless
   * the SDK is built already: OpenTelemetry's instrumentation base takes a meter in its constructor,
   * which would build the SDK for instruments that nodeprom's store replaces at once. A layer made
   * on the first load of its package comes after the global provider is set.
   */
  withoutSdk<T>(make: () => T): T {
    const making = this.makingLayer;
    this.makingLayer = true;
    try {
      return make();
    } finally {
      this.makingLayer = making;
    }
  }

  /** The SDK's MeterProvider and Prometheus reader, built on the first call. */
  sdk(): { readonly meterProvider: MeterProvider; readonly reader: PrometheusExporter } {
    if (this.built !== undefined) return this.built;
    const { PrometheusExporter } =
      require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
    const { defaultResource, detectResources, envDetector } =
      require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    const { MeterProvider } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
    // The store is not among the reader's producers: the source writes it straight from its cells.
    const reader = new PrometheusExporter({ preventServerStart: true });
    const resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
    this.built = { meterProvider: new MeterProvider({ resource, readers: [reader] }), reader };
    return this.built;
  }

  /** Shuts the SDK down if it was built; nothing to do otherwise. */
  async shutdown(): Promise<void> {
    await this.built?.meterProvider.shutdown();
  }
}
