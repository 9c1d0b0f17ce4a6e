import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { NodepromConfig } from './config';
import { dbClientRecorder, type DbClientRecorder } from './db-client-recorder';
import { NodepromInstrumentation } from './instrumentation';
import type { LayerSwitch } from './layer-switch';
import { log } from './log';
import type { MetricSink } from './sink';

/** The options every data layer takes (pg, mysql2, ioredis, knex). */
export interface DataLayerConfig extends InstrumentationConfig {
  /**
   * Bucket boundaries of `db_client_operation_duration_seconds`, in seconds (shared by every data
   * layer writing to the same sink; the first layer's setting applies).
   * @default the semantic-convention buckets (`NODEPROM_DB_DURATION_BUCKETS`)
   */
  durationBuckets?: readonly number[];
}

/** What a data layer's patches report to: one per instance and sink, closed when it is replaced. */
export interface DataLayerEvents {
  /** Stops the gauges this events object registered (pools, ready clients). */
  close(): void;
}

/** The package a layer patches at require time, and the versions it patches. */
export interface HookedPackage {
  readonly name: string;
  readonly versions: string;
}

/**
 * Base of the data layers. A layer says what is its own (its events, its switch, the package it
 * hooks, the files it patches in `init`); the rest is here, the same for every layer:
 * - events are made for the current sink, from core's DbClientRecorder with the configured buckets,
 *   when the layer is switched on; a new sink closes the old ones;
 * - enabling warns once when the hooked package was loaded before nodeprom;
 * - disabling closes the events (their gauges stop), and enabling again makes new ones, which
 *   register every pool and client anew as they are next used.
 *
 * A layer's class is its constructor (name, version, options), `init`, `createEvents`,
 * `layerSwitch` and `hooked`; copy one to add a layer.
 */
export abstract class DataLayerInstrumentation<
  Config extends DataLayerConfig,
  Events extends DataLayerEvents,
> extends NodepromInstrumentation<Config> {
  // Set by OpenTelemetry's constructor (through onSink) before field initializers could run.
  declare private sink: MetricSink | undefined;
  declare private events: Events | undefined;

  /** The layer's events, recording through `db` (and anything else it makes from `sink`). */
  protected abstract createEvents(db: DbClientRecorder, sink: MetricSink): Events;

  /** The layer's switch, made once by its hook module, which its patches read. */
  protected abstract override layerSwitch(): LayerSwitch<Events>;

  /** The package whose early loading is warned about. */
  protected abstract hooked(): HookedPackage;

  protected onSink(sink: MetricSink): void {
    this.closeEvents();
    this.sink = sink;
  }

  protected override layerEvents(): Events | undefined {
    if (this.events === undefined && this.sink !== undefined) {
      try {
        this.events = this.createEvents(dbClientRecorder(this.sink, this.getConfig().durationBuckets), this.sink);
      } catch (error) {
        log.errorOnce(`${this.instrumentationName}: creating instruments`, error);
      }
    }
    return this.events;
  }

  protected override onEnable(): void {
    const { name, versions } = this.hooked();
    this.warnIfLoadedEarly(name, versions);
  }

  protected override onDisable(): void {
    this.closeEvents();
  }

  private closeEvents(): void {
    const events = this.events;
    this.events = undefined;
    events?.close();
  }
}

/** The options `createInstrumentation(config)` gives a data layer: disabled until registered, the configured buckets. */
export function dataLayerOptions(config: NodepromConfig): DataLayerConfig {
  return { enabled: false, durationBuckets: config.dbDurationBuckets };
}
