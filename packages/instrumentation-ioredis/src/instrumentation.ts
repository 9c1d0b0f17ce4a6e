import {
  dbClientRecorder,
  NodepromInstrumentation,
  type LayerSwitch,
  type MetricSink,
  type NodepromConfig,
} from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { RedisEvents } from './events';
import { ioredisModuleDefinitions, ioredisSwitch, SUPPORTED_VERSIONS } from './hook';

export interface IoredisInstrumentationConfig extends InstrumentationConfig {
  /**
   * Bucket boundaries of `db_client_operation_duration_seconds`, in seconds (shared by every data
   * layer writing to the same sink; the first layer's setting applies).
   * @default the semantic-convention buckets (`NODEPROM_DB_DURATION_BUCKETS`)
   */
  durationBuckets?: readonly number[];
}

const PACKAGE_VERSION = '0.1.0';

/**
 * Redis client metrics for ioredis 5 and 6: command latency and errors (the same
 * `db.client.operation.duration` family as the SQL layers), cache hits and misses of read commands,
 * connection attempts and clients in ready state.
 */
export class IoredisInstrumentation extends NodepromInstrumentation<IoredisInstrumentationConfig> {
  declare private events: RedisEvents | undefined;

  constructor(config: IoredisInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-ioredis', PACKAGE_VERSION, config);
  }

  protected init() {
    return ioredisModuleDefinitions();
  }

  protected onSink(sink: MetricSink): void {
    this.events?.close();
    this.events = new RedisEvents(dbClientRecorder(sink, this.getConfig().durationBuckets));
  }

  protected override layerSwitch(): LayerSwitch<unknown> {
    return ioredisSwitch as LayerSwitch<unknown>;
  }

  protected override layerEvents(): unknown {
    return this.events;
  }

  protected override onEnable(): void {
    this.warnIfLoadedEarly('ioredis', SUPPORTED_VERSIONS);
  }
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): IoredisInstrumentation {
  return new IoredisInstrumentation({ enabled: false, durationBuckets: config.dbDurationBuckets });
}
