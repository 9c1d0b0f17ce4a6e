import type { LayerName, NodepromConfig } from './config';
import { alreadyLoaded, onFirstLoad } from './first-load';
import { onFirstServer } from './first-server';
import type { NodepromInstrumentation } from './instrumentation';
import type { LazySdk } from './lazy-sdk';
import { log } from './log';
import type { LayerModule } from './register';
import type { MetricSink } from './sink';
import type { MetricStore } from './store';

/*
 * When each layer is made. A preload reaches every process, and making every layer at start-up
 * (its package, @opentelemetry/instrumentation and the OpenTelemetry API, require-in-the-middle,
 * core's recorders) cost a preloaded `node -e 0` tens of milliseconds (issue 11 §7). So a layer is
 * made when the process first needs it, and never before that matters:
 * - a layer that hooks packages, on the first load of one of them, before the package's code runs
 *   (first-load.ts), so its require-time hooks see every file they patch;
 * - the HTTP layer, on the first load of a framework it takes route templates from, or before the
 *   app's first server listens (first-server.ts): no request reaches a server before that;
 * - the runtime layer, whose readings start with the process: its collection starts at once from
 *   the package's light `early` entry, and the layer object that owns it is made only if asked for.
 * Reading `handle.instrumentations` makes every configured layer.
 */

/** The packages whose first load makes each layer (see `LAYER_TRIGGERS`'s test against the layers' own lists). */
export const LAYER_TRIGGERS: Readonly<Record<Exclude<LayerName, 'runtime'>, readonly string[]>> = {
  http: ['express', 'router', 'koa', '@hapi/hapi', 'fastify'],
  pg: ['pg', 'pg-pool'],
  mysql2: ['mysql2'],
  ioredis: ['ioredis'],
  knex: ['knex'],
};

/** A layer that can take a request whose start it did not see (the HTTP layer: see `onFirstServer`). */
export interface SeesStartedRequest {
  /** `message` is node's `http.server.request.start` message of a request still being served. */
  requestStarted(message: unknown): void;
}

/** A layer package's light entry (`<package>/early`): starts what must run from start-up, and stops it. */
export interface EarlyLayerModule {
  startEarly(config: NodepromConfig, sink: MetricSink): () => void;
}

/** Layers whose readings begin at start-up: started from their light entry, made in full when asked for. */
const EARLY_LAYERS: ReadonlySet<LayerName> = new Set(['runtime']);

/** The configured layers of one running nodeprom: made now, or when first needed (see above). */
export class Layers {
  private readonly started: NodepromInstrumentation[] = [];
  /** Layers not made yet, with what cancels their watch. */
  private readonly waiting = new Map<LayerName, () => void>();
  /** Layers running from their light entry, with what stops it. */
  private readonly early = new Map<LayerName, () => void>();

  constructor(
    private readonly config: NodepromConfig,
    private readonly load: (packageName: string) => unknown,
    private readonly store: MetricStore,
    private readonly sdk: LazySdk,
  ) {
    for (const layer of config.layers) {
      if (EARLY_LAYERS.has(layer)) {
        if (!this.startEarly(layer)) this.start(layer);
        continue;
      }
      const triggers = LAYER_TRIGGERS[layer as Exclude<LayerName, 'runtime'>];
      // A package already loaded (registerInstrumentations called in code, after the app's requires)
      // gets its layer now, which warns that the package was loaded too early; so does the HTTP
      // layer when a server listens already.
      if (triggers === undefined || alreadyLoaded(triggers) || (layer === 'http' && serverListening())) {
        this.start(layer);
        continue;
      }
      const made = () => {
        if (!this.waiting.has(layer)) return;
        this.stopWatching(layer);
        this.start(layer);
      };
      const cancels = [onFirstLoad(triggers, made)];
      if (layer === 'http') {
        cancels.push(
          onFirstServer((firstRequest) => {
            made();
            if (firstRequest !== undefined) this.requestStartedBeforeMade(firstRequest);
          }),
        );
      }
      this.waiting.set(layer, () => {
        for (const cancel of cancels) cancel();
      });
    }
  }

  /** Every configured layer, those not made yet made now: what a caller reading the handle expects. */
  all(): readonly NodepromInstrumentation[] {
    for (const layer of [...this.waiting.keys()]) {
      this.stopWatching(layer);
      this.start(layer);
    }
    for (const [layer, stop] of [...this.early]) {
      this.early.delete(layer);
      // The layer's own collection starts before the light one stops: no reading is lost between.
      if (this.start(layer)) stop();
      else this.early.set(layer, stop);
    }
    return this.started;
  }

  /** Stops every watch and light collection (nodeprom shuts down); returns the layers made. */
  close(): readonly NodepromInstrumentation[] {
    for (const layer of [...this.waiting.keys()]) this.stopWatching(layer);
    for (const stop of this.early.values()) {
      try {
        stop();
      } catch (error) {
        log.errorOnce('stopping the runtime readings', error);
      }
    }
    this.early.clear();
    return this.started;
  }

  /**
   * The request whose start made the HTTP layer (a server that never listened) reached node's channel
   * before the layer subscribed: handed to the layer, so that it is recorded like every later one.
   */
  private requestStartedBeforeMade(message: unknown): void {
    for (const instrumentation of this.started) {
      const sees = instrumentation as Partial<SeesStartedRequest>;
      if (typeof sees.requestStarted === 'function') sees.requestStarted(message);
    }
  }

  private stopWatching(layer: LayerName): void {
    const cancel = this.waiting.get(layer);
    this.waiting.delete(layer);
    cancel?.();
  }

  private startEarly(layer: LayerName): boolean {
    const packageName = `@nodeprom/instrumentation-${layer}/early`;
    try {
      const { startEarly } = this.load(packageName) as EarlyLayerModule;
      this.early.set(layer, startEarly(this.config, this.store));
      return true;
    } catch (error) {
      // Not installed, or a version without the light entry: the whole layer starts instead.
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') {
        log.errorOnce(`starting ${packageName}`, error);
      }
      return false;
    }
  }

  /** Makes and enables `layer` on the store; false when it cannot run (logged). */
  private start(layer: LayerName): boolean {
    const packageName = `@nodeprom/instrumentation-${layer}`;
    let layerModule: LayerModule;
    try {
      layerModule = this.load(packageName) as LayerModule;
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
        String((error as Error).message).includes(packageName)
      ) {
        log.debug(`${packageName} is not installed; the ${layer} layer is off.`);
        return false;
      }
      log.errorOnce(`loading ${packageName}`, error);
      return false;
    }
    let instrumentation: NodepromInstrumentation;
    try {
      instrumentation = this.sdk.withoutSdk(() => layerModule.createInstrumentation(this.config));
    } catch (error) {
      log.errorOnce(`starting the ${layer} layer`, error);
      return false;
    }
    this.started.push(instrumentation);
    this.sdk.withoutSdk(() => enableOn(instrumentation, this.store));
    return true;
  }
}

/** Whether a server listens already (nodeprom registered in code, after the app's `listen()`). */
function serverListening(): boolean {
  const resources = process.getActiveResourcesInfo();
  return resources.includes('TCPServerWrap') || resources.includes('PipeServerWrap');
}

/** Pins `instrumentation` to the store and enables it; an error is logged once. */
export function enableOn(instrumentation: NodepromInstrumentation, store: MetricStore): void {
  try {
    instrumentation.useSink(store);
    instrumentation.enable();
  } catch (error) {
    log.errorOnce(`enabling ${instrumentation.instrumentationName}`, error);
  }
}
