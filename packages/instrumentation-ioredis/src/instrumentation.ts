import { NodepromInstrumentation, type MetricSink } from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { ioredisModuleDefinitions, SUPPORTED_VERSIONS } from './hook';
import { RedisMetrics } from './recording';
import { setActive } from './tracker';

const PACKAGE_VERSION = '0.1.0';

/**
 * Redis client metrics for ioredis 5 and 6: command latency and errors (the same
 * `db.client.operation.duration` family as the SQL layers), cache hits and misses of read commands,
 * connection attempts and clients in ready state.
 */
export class IoredisInstrumentation extends NodepromInstrumentation {
  declare private metrics: RedisMetrics | undefined;

  constructor(config: InstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-ioredis', PACKAGE_VERSION, config);
  }

  protected init() {
    return ioredisModuleDefinitions();
  }

  protected onSink(sink: MetricSink): void {
    this.metrics?.close();
    this.metrics = new RedisMetrics(sink);
    if (this.isEnabled()) setActive(this.metrics);
  }

  protected override onEnable(): void {
    setActive(this.metrics);
    this.warnIfLoadedEarly('ioredis', SUPPORTED_VERSIONS);
  }

  protected override onDisable(): void {
    setActive(undefined);
  }
}
