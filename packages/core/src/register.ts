import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMainThread } from 'node:worker_threads';
import type { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { readConfig, type NodepromConfig } from './config';
import { apiGlobalPresent, onFirstApiUse } from './api-global';
import { alreadyLoaded } from './first-load';
import { enableOn, Layers } from './layers';
import { applyOptions } from './options';
import { MetricsEndpoint } from './endpoint';
import { LazySdk, type ForeignReader } from './lazy-sdk';
import type { NodepromInstrumentation } from './instrumentation';
import { log, setLogLevel } from './log';
import { MetricStore } from './store';
import { storeSource, type StoreScrapeSource } from './store-source';
import type { ScrapeSource } from './scrape-source';
import type { PortLeadership } from './multiprocess/leadership';
import { yieldPortToApp } from './multiprocess/app-port';

export interface RegisterOptions extends Partial<NodepromConfig> {
  /**
   * The layers to run. Default: every layer the configuration enables whose package
   * (`@nodeprom/instrumentation-<layer>`) is installed.
   */
  instrumentations?: NodepromInstrumentation[];
  /**
   * Serve the scrape on nodeprom's own port. Default true (false with `NODEPROM_PORT=none`); with
   * false, mount `metricsHandler()` in the app, or let another reader collect `store`.
   */
  serve?: boolean;
  /**
   * Loads a layer package by name (or its light entry, `<package>/early`). auto-register passes
   * its own `require`, so layers resolve from its dependencies; the default resolves from core's
   * location.
   */
  loadLayer?: (packageName: string) => LayerModule;
}

export interface NodepromHandle {
  readonly config: NodepromConfig;
  readonly store: MetricStore;
  /** The OpenTelemetry SDK's MeterProvider behind the global one (built when first read: see lazy-sdk.ts). */
  readonly meterProvider: MeterProvider;
  /** The reader of other OpenTelemetry scopes (a user's own metrics) and of the resource; the store is read directly. Built when first read. */
  readonly reader: MetricReader;
  /** What the endpoint serves: the store and `reader` through nodeprom's writer; `exportState()` for a multi-process merge. */
  readonly source: StoreScrapeSource;
  /**
   * The layers running. A layer that hooks a package is made when that package is first loaded;
   * reading this makes every configured layer at once.
   */
  readonly instrumentations: readonly NodepromInstrumentation[];
  /** Resolves with the scrape URL, or undefined when the endpoint could not start (warned). */
  readonly ready: Promise<string | undefined>;
  /** The exposition text a scrape would return now. */
  scrape(): Promise<string>;
  /** Answers a scrape request on the app's own server (what `metricsHandler()` calls). */
  serveMetrics(request: IncomingMessage, response: ServerResponse): void;
  shutdown(): Promise<void>;
}

/** A layer package's entry point, as `registerInstrumentations` loads it by name. */
export interface LayerModule {
  createInstrumentation(config: NodepromConfig): NodepromInstrumentation;
}

const ACTIVE = Symbol.for('nodeprom.handle');
const API_PACKAGE = ['@opentelemetry/api'];
type Holder = { [ACTIVE]?: NodepromHandle };

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
      log.warn(
        `registerInstrumentations was called again (nodeprom already runs, e.g. from --require @nodeprom/auto-register): its options ${ignored.join(', ')} are ignored; set them through NODEPROM_* variables instead, or call it only once.`,
      );
    } else {
      log.debug('registerInstrumentations called again; returning the running instance.');
    }
    return existing;
  }
  const { instrumentations: given, loadLayer = requireLayer, ...overrides } = options;
  const config: NodepromConfig = applyOptions(readConfig(), overrides);
  setLogLevel(config.logLevel);

  const store = new MetricStore({ maxSeriesPerMetric: config.maxSeriesPerMetric });
  const sdk = new LazySdk();
  const reader = sdk.reader;

  // A preload runs in every worker thread too, but only the main thread serves the scrape: a worker
  // would pay for recording into a store nobody reads, so it loads no layers unless given some.
  const layers = given === undefined && isMainThread ? new Layers(config, loadLayer, store, sdk) : undefined;
  if (given !== undefined) for (const instrumentation of given) enableOn(instrumentation, store);
  const instrumentations = (): readonly NodepromInstrumentation[] => given ?? layers?.all() ?? [];
  // The global MeterProvider, through which metrics made with @opentelemetry/api reach the scrape,
  // is set when some copy of the API first uses its globals: loading the API costs a preloaded
  // process over 10 ms at start-up (issue 11 §7). Set before that use returns (api-global.ts), so
  // a meter taken at module load reaches the scrape, as when it was set at start-up. A layer's
  // constructor takes a meter from the global provider (OpenTelemetry's base class does), which
  // would build the SDK for instruments the store replaces at once: layers are made before this
  // or through `withoutSdk`, and get the API's no-op meter.
  const setGlobalMeterProvider = () => {
    const { metrics } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
    if (!metrics.setGlobalMeterProvider(sdk.globalProvider)) {
      log.info(
        'a global MeterProvider was already set; metrics made through @opentelemetry/api go to it, not to this endpoint.',
      );
    }
  };
  let cancelGlobalProvider: (() => void) | undefined;
  if (apiGlobalPresent() || alreadyLoaded(API_PACKAGE)) setGlobalMeterProvider();
  else cancelGlobalProvider = onFirstApiUse(setGlobalMeterProvider);

  // Worker threads share the process's port: only the main thread serves it. The endpoint exists
  // either way: a mounted metricsHandler() answers through it.
  const local = storeSource(store, reader, config.prefix);
  const serving = config.serve && isMainThread ? startServing(local, reader, store, config) : undefined;
  const endpoint = serving?.endpoint ?? new MetricsEndpoint(local, config);
  const ready = serving?.ready ?? Promise.resolve(undefined);
  if (!config.serve && config.webConfigFile !== undefined) {
    log.warn(
      `NODEPROM_WEB_CONFIG_FILE=${config.webConfigFile} is not used: it secures nodeprom's own port, which NODEPROM_PORT=none (or serve: false) turns off. Protect a mounted metricsHandler() with your app's own middleware.`,
    );
  }

  const handle: NodepromHandle = {
    config,
    store,
    get meterProvider() {
      return sdk.sdk().meterProvider;
    },
    get reader() {
      return sdk.sdk().reader;
    },
    source: local,
    get instrumentations() {
      return instrumentations();
    },
    ready,
    scrape: () => endpoint.scrape(),
    serveMetrics: (request, response) => endpoint.responder.respond(request, response),
    async shutdown() {
      if (holder[ACTIVE] === handle) delete holder[ACTIVE];
      for (const instrumentation of given ?? layers?.close() ?? []) {
        try {
          instrumentation.disable();
        } catch (error) {
          log.errorOnce(`disabling ${instrumentation.instrumentationName}`, error);
        }
      }
      await (serving?.close() ?? endpoint.close());
      if (cancelGlobalProvider !== undefined) cancelGlobalProvider();
      if (alreadyLoaded(API_PACKAGE)) {
        const { metrics } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
        if (metrics.getMeterProvider() === sdk.globalProvider) metrics.disable();
      }
      await sdk.shutdown();
    },
  };
  holder[ACTIVE] = handle;
  return handle;
}

interface Serving {
  readonly source: ScrapeSource;
  readonly endpoint: MetricsEndpoint;
  readonly ready: Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * How this process serves, by configuration: on the first free port of NODEPROM_PORT_RANGE (alone);
 * on a fixed NODEPROM_PORT as a member of whatever processes share it (one serves the aggregate of
 * all, see multiprocess/); or on port 0 alone, as a single process always did.
 */
function startServing(
  local: StoreScrapeSource,
  reader: ForeignReader,
  store: MetricStore,
  config: NodepromConfig,
): Serving {
  const range = config.portRange;
  const shared = range === undefined && config.port !== 0 && process.platform !== 'win32';
  const multiprocess = shared || range !== undefined ? multiprocessModules() : undefined;
  const service =
    shared && multiprocess !== undefined
      ? new multiprocess.ServiceScrapeSource(local, reader, store, {
          dir: multiprocess.serviceDirectory(config.port, config.multiprocessDir),
          prefix: config.prefix,
          timeoutMs: config.multiprocessTimeoutMs,
        })
      : undefined;
  const source = service ?? local;
  const endpoint = new MetricsEndpoint(source, config);
  let leadership: PortLeadership | undefined;
  let ready: Promise<string | undefined>;
  if (range !== undefined && multiprocess !== undefined) {
    ready = multiprocess.bindFirstFree(endpoint, range.from, range.to);
  } else if (service !== undefined && multiprocess !== undefined) {
    const { registeredIds } = multiprocess;
    const member = service.member;
    const othersAlive = async () => {
      const ids = await registeredIds(member.dir);
      ids.delete(member.id);
      return ids.size > 0;
    };
    leadership = new multiprocess.PortLeadership(endpoint, config.port, othersAlive, 1000, member.dir);
    // Bound at once, as a single process always did: the app's first scrape must find the port.
    ready = leadership.start();
    member.ready.catch((error: unknown) => {
      log.warn(
        `multi-process mode is off: ${member.dir} cannot be used (${(error as Error).message}). Set NODEPROM_MULTIPROCESS_DIR to a writable directory; this process serves only itself.`,
      );
    });
  } else {
    ready = endpoint.start();
  }
  let yielded = false;
  if (service !== undefined) service.holdsPort = () => yielded || endpoint.port !== undefined;
  const restoreListen = yieldPortToApp(endpoint, config.path, () => {
    yielded = true;
    leadership?.stop();
  });
  return {
    source,
    endpoint,
    ready,
    async close() {
      restoreListen();
      leadership?.stop();
      await endpoint.close();
      await service?.member.close();
    },
  };
}

/**
 * The multi-process modules, loaded only by a process that shares a port or takes one of a range:
 * a process on port 0 (or NODEPROM_PORT=none) never uses them, and a preload's start-up pays for
 * every module it loads (issue 11 §7).
 */
function multiprocessModules() {
  const { registeredIds, serviceDirectory } =
    require('./multiprocess/directory') as typeof import('./multiprocess/directory');
  const { ServiceScrapeSource } =
    require('./multiprocess/service-source') as typeof import('./multiprocess/service-source');
  const { bindFirstFree, PortLeadership } =
    require('./multiprocess/leadership') as typeof import('./multiprocess/leadership');
  return { registeredIds, serviceDirectory, ServiceScrapeSource, bindFirstFree, PortLeadership };
}

function requireLayer(packageName: string): LayerModule {
  return require(packageName) as LayerModule;
}
