import { isMainThread } from 'node:worker_threads';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { defaultResource, detectResources, envDetector } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { readConfig, type NodepromConfig } from './config';
import { MetricsEndpoint } from './endpoint';
import type { NodepromInstrumentation } from './instrumentation';
import { log, setLogLevel } from './log';
import { MetricStore } from './store';
import { serializerSource } from './scrape-source';

export interface RegisterOptions extends Partial<NodepromConfig> {
  /**
   * The layers to run. Default: every layer the configuration enables whose package
   * (`@nodeprom/instrumentation-<layer>`) is installed.
   */
  instrumentations?: NodepromInstrumentation[];
  /** Serve the scrape endpoint. Default true; false when another reader will collect `store`. */
  serve?: boolean;
  /**
   * Loads a layer package by name. auto-register passes its own `require`, so layers resolve from
   * its dependencies; the default resolves from core's location.
   */
  loadLayer?: (packageName: string) => LayerModule;
}

export interface NodepromHandle {
  readonly config: NodepromConfig;
  readonly store: MetricStore;
  readonly meterProvider: MeterProvider;
  readonly instrumentations: readonly NodepromInstrumentation[];
  /** Resolves with the scrape URL, or undefined when the endpoint could not start (warned). */
  readonly ready: Promise<string | undefined>;
  /** The exposition text a scrape would return now. */
  scrape(): Promise<string>;
  shutdown(): Promise<void>;
}

/** A layer package's entry point, as `registerInstrumentations` loads it by name. */
export interface LayerModule {
  createInstrumentation(config: NodepromConfig): NodepromInstrumentation;
}

const ACTIVE = Symbol.for('nodeprom.handle');
type Holder = { [ACTIVE]?: NodepromHandle };

function loadLayers(config: NodepromConfig, load: (packageName: string) => LayerModule): NodepromInstrumentation[] {
  const created: NodepromInstrumentation[] = [];
  for (const layer of config.layers) {
    const packageName = `@nodeprom/instrumentation-${layer}`;
    let layerModule: LayerModule;
    try {
      layerModule = load(packageName);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(packageName)) {
        log.debug(`${packageName} is not installed; the ${layer} layer is off.`);
        continue;
      }
      log.errorOnce(`loading ${packageName}`, error);
      continue;
    }
    try {
      created.push(layerModule.createInstrumentation(config));
    } catch (error) {
      log.errorOnce(`starting the ${layer} layer`, error);
    }
  }
  return created;
}

/**
 * Starts nodeprom: a MeterProvider with a Prometheus reader, nodeprom's store as one of its
 * producers, the scrape endpoint and the layers. Idempotent: a second call returns the first handle.
 * Never throws for a configuration or environment problem; it warns and carries on.
 */
export function registerInstrumentations(options: RegisterOptions = {}): NodepromHandle {
  const holder = globalThis as Holder;
  const existing = holder[ACTIVE];
  if (existing !== undefined) {
    const ignored = Object.keys(options).filter((key) => (options as Record<string, unknown>)[key] !== undefined);
    if (ignored.length > 0) {
      log.warn(`registerInstrumentations was called again (nodeprom already runs, e.g. from --require @nodeprom/auto-register): its options ${ignored.join(', ')} are ignored; set them through NODEPROM_* variables instead, or call it only once.`);
    } else {
      log.debug('registerInstrumentations called again; returning the running instance.');
    }
    return existing;
  }
  const { instrumentations: given, serve = true, loadLayer = requireLayer, ...overrides } = options;
  const config: NodepromConfig = { ...readConfig(), ...stripUndefined(overrides) };
  setLogLevel(config.logLevel);

  const store = new MetricStore();
  const reader = new PrometheusExporter({ preventServerStart: true, metricProducers: [store] });
  const resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  if (!metrics.setGlobalMeterProvider(meterProvider)) {
    log.info('a global MeterProvider was already set; metrics made through @opentelemetry/api go to it, not to this endpoint.');
  }

  // A preload runs in every worker thread too, but only the main thread serves the scrape: a worker
  // would pay for recording into a store nobody reads, so it loads no layers unless given some.
  const instrumentations = given ?? (isMainThread ? loadLayers(config, loadLayer) : []);
  for (const instrumentation of instrumentations) {
    try {
      instrumentation.useSink(store);
      instrumentation.enable();
    } catch (error) {
      log.errorOnce(`enabling ${instrumentation.instrumentationName}`, error);
    }
  }

  // Worker threads share the process's port: only the main thread serves.
  const source = serializerSource(reader, config.prefix);
  const endpoint = serve && isMainThread ? new MetricsEndpoint(source, config) : undefined;
  const ready = endpoint ? endpoint.start() : Promise.resolve(undefined);
  let unserved: MetricsEndpoint | undefined;

  const handle: NodepromHandle = {
    config,
    store,
    meterProvider,
    instrumentations,
    ready,
    scrape: () => (endpoint ?? (unserved ??= new MetricsEndpoint(source, config))).scrape(),
    async shutdown() {
      if (holder[ACTIVE] === handle) delete holder[ACTIVE];
      for (const instrumentation of instrumentations) {
        try {
          instrumentation.disable();
        } catch (error) {
          log.errorOnce(`disabling ${instrumentation.instrumentationName}`, error);
        }
      }
      await endpoint?.close();
      if (metrics.getMeterProvider() === meterProvider) metrics.disable();
      await meterProvider.shutdown();
    },
  };
  holder[ACTIVE] = handle;
  return handle;
}

function requireLayer(packageName: string): LayerModule {
  return require(packageName) as LayerModule;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
