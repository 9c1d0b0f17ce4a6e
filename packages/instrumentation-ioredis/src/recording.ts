import {
  dbClientRecorder,
  type DbClientRecorder,
  type DbTarget,
  type MetricSink,
  type SumCell,
} from '@nodeprom/core';
import { countLookups, LookupKind, summaryCount, type RedisCommandSummary } from './commands';

/** Clients in ready state per pool name (host:port/db). Process-wide: it outlives a sink change. */
export class PoolCount {
  used = 0;
  constructor(readonly name: string) {}
}
const pools = new Map<string, PoolCount>();

export function poolCount(name: string): PoolCount {
  let pool = pools.get(name);
  if (pool === undefined) {
    pool = new PoolCount(name);
    pools.set(name, pool);
  }
  return pool;
}

/**
 * The ioredis layer's view of core's shared `DbClientRecorder`: every metric goes through it, this
 * class only keeps the cells the layer resolves once (lookup cells per command, connection cells per
 * address) and the pool gauges it registered.
 */
export class RedisMetrics {
  private readonly recorder: DbClientRecorder;
  private readonly lookupCells: ({ hit: SumCell; miss: SumCell } | undefined)[] = [];
  private readonly observedPools = new Set<PoolCount>();
  private readonly unregister: (() => void)[] = [];
  private readonly counts: [number, number] = [0, 0];

  constructor(sink: MetricSink) {
    this.recorder = dbClientRecorder(sink);
    for (const pool of pools.values()) this.observe(pool);
  }

  target(namespace: string, address: string | undefined, port: number | undefined): DbTarget {
    return this.recorder.target('redis', namespace, address, port);
  }

  /** One finished command; `reply` is the raw reply, read only for lookup commands that succeeded. */
  command(target: DbTarget, summary: RedisCommandSummary, seconds: number, errorType: string | undefined, reply: unknown, argCount: number): void {
    this.recorder.operation(target, summary, seconds, errorType, -1);
    if (summary.lookup === LookupKind.None || errorType !== undefined) return;
    let cells = this.lookupCells[summary.id];
    if (cells === undefined) {
      cells = this.recorder.cacheLookups('redis', summary.operation);
      while (this.lookupCells.length < summaryCount()) this.lookupCells.push(undefined);
      this.lookupCells[summary.id] = cells;
    }
    const counts = this.counts;
    countLookups(summary.lookup, reply, argCount, counts);
    if (counts[0] > 0) cells.hit.add(counts[0]);
    if (counts[1] > 0) cells.miss.add(counts[1]);
  }

  /** One connection attempt, by the address it went to; `errorType` undefined when it got ready. */
  connection(address: string, seconds: number, errorType: string | undefined): void {
    const cells = this.recorder.connectionCreate('redis', undefined, address);
    if (errorType === undefined) cells.ok.record(seconds);
    else cells.failed(errorType).record(seconds);
  }

  /**
   * Reports `pool` in `db.client.connections` from now on. ioredis has no pool: a client is one
   * connection, so the gauge reads `used` = clients in ready state; idle is always 0, and max and
   * pending are left out.
   */
  observe(pool: PoolCount): void {
    if (this.observedPools.has(pool)) return;
    this.observedPools.add(pool);
    this.unregister.push(this.recorder.observePool('redis', pool.name, () => ({ idle: 0, used: pool.used, max: -1, pending: -1 })));
  }

  close(): void {
    for (const unregister of this.unregister) unregister();
    this.unregister.length = 0;
    this.observedPools.clear();
  }
}
