import {
  DataLayerInstrumentation,
  dataLayerOptions,
  type DataLayerConfig,
  type DbClientRecorder,
  type NodepromConfig,
} from '@nodeprom/core';
import { RedisEvents } from './events';
import { ioredisModuleDefinitions, ioredisSwitch, SUPPORTED_VERSIONS } from './hook';

export type IoredisInstrumentationConfig = DataLayerConfig;

const PACKAGE_VERSION = '0.1.0';

/**
 * Redis client metrics for ioredis 5 and 6: command latency and errors (the same
 * `db.client.operation.duration` family as the SQL layers), cache hits and misses of read commands,
 * connection attempts and clients in ready state.
 */
export class IoredisInstrumentation extends DataLayerInstrumentation<IoredisInstrumentationConfig, RedisEvents> {
  constructor(config: IoredisInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-ioredis', PACKAGE_VERSION, config);
  }

  protected init() {
    return ioredisModuleDefinitions();
  }

  protected createEvents(db: DbClientRecorder): RedisEvents {
    return new RedisEvents(db);
  }

  protected layerSwitch() {
    return ioredisSwitch;
  }

  protected hooked() {
    return { name: 'ioredis', versions: SUPPORTED_VERSIONS };
  }
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): IoredisInstrumentation {
  return new IoredisInstrumentation(dataLayerOptions(config));
}
