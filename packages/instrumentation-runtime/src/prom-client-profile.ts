import * as v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import { promClientRuntimeMetric as metric, type MetricSink } from '@nodeprom/core';
import { activeHandles, activeRequests, countByType } from './active-resources';
import { EventLoopDelay, type DelayWindow } from './event-loop';
import { GcDurations } from './gc';
import { labelSets } from './labels';
import { hasProc, openFileDescriptors, fileDescriptorLimit, procMemory } from './proc';
import { SharedReading } from './shared-reading';
import type { RuntimeCollection } from './collection';

const NO_LABELS = Object.freeze({});
const US_PER_S = 1e6;
const NS_PER_S = 1e9;

/**
 * The prom-client profile (`NODEPROM_RUNTIME_METRICS_NAMES=prom-client`): the families, types, units
 * and labels of prom-client 15's `collectDefaultMetrics()`, read the way prom-client reads them, so a
 * team that moves from prom-client keeps its dashboards and alerts.
 */
export function promClientProfile(sink: MetricSink): RuntimeCollection {
  const delay = new EventLoopDelay();
  const gc = new GcDurations(sink.histogram(metric('nodejs_gc_duration_seconds')), 'kind');
  const stops: Array<() => void> = [];
  const gauge = (name: string, callback: Parameters<MetricSink['gauge']>[1]) =>
    stops.push(sink.gauge(metric(name), callback));
  const single = (name: string, read: () => number | undefined) =>
    gauge(name, (observe) => {
      const value = read();
      if (value !== undefined) observe(value, NO_LABELS);
    });

  const cpu = new SharedReading(() => process.cpuUsage());
  const cpuUser = cpu.reader();
  const cpuSystem = cpu.reader();
  const cpuTotal = cpu.reader();
  single('process_cpu_user_seconds_total', () => cpuUser().user / US_PER_S);
  single('process_cpu_system_seconds_total', () => cpuSystem().system / US_PER_S);
  single('process_cpu_seconds_total', () => {
    const { user, system } = cpuTotal();
    return (user + system) / US_PER_S;
  });
  const startTime = Math.round(performance.timeOrigin / 1000);
  single('process_start_time_seconds', () => startTime);

  if (hasProc()) {
    const proc = new SharedReading(procMemory);
    const resident = proc.reader();
    const virtual = proc.reader();
    const heap = proc.reader();
    single('process_resident_memory_bytes', () => resident().resident);
    single('process_virtual_memory_bytes', () => virtual().virtual);
    single('process_heap_bytes', () => heap().heap);
    single('process_open_fds', openFileDescriptors);
    // Read once, as prom-client does: the limit rarely changes while a process runs.
    const maxFds = fileDescriptorLimit();
    single('process_max_fds', () => maxFds);
  } else {
    single('process_resident_memory_bytes', () => process.memoryUsage.rss());
  }

  // prom-client's nodejs_eventloop_lag_seconds: how long a setImmediate scheduled at a scrape waited,
  // reported at the next scrape.
  let lastLag = 0;
  const measureLag = () => {
    const start = process.hrtime.bigint();
    setImmediate(() => {
      lastLag = Number(process.hrtime.bigint() - start) / NS_PER_S;
    }).unref();
  };
  gauge('nodejs_eventloop_lag_seconds', (observe) => {
    observe(lastLag, NO_LABELS);
    measureLag();
  });
  const lag = (name: string, stat: keyof DelayWindow) => {
    const read = delay.window.reader();
    single(name, () => read()[stat]);
  };
  lag('nodejs_eventloop_lag_min_seconds', 'min');
  lag('nodejs_eventloop_lag_max_seconds', 'max');
  lag('nodejs_eventloop_lag_mean_seconds', 'mean');
  lag('nodejs_eventloop_lag_stddev_seconds', 'stddev');
  lag('nodejs_eventloop_lag_p50_seconds', 'p50');
  lag('nodejs_eventloop_lag_p90_seconds', 'p90');
  lag('nodejs_eventloop_lag_p99_seconds', 'p99');

  const typeLabels = labelSets('type');
  const byType = (name: string, totalName: string, list: () => string[] | undefined) => {
    const reading = new SharedReading(list);
    const forTypes = reading.reader();
    const forTotal = reading.reader();
    gauge(name, (observe) => {
      const types = forTypes();
      if (types === undefined) return;
      for (const [type, count] of countByType(types)) observe(count, typeLabels(type));
    });
    single(totalName, () => forTotal()?.length);
  };
  byType('nodejs_active_resources', 'nodejs_active_resources_total', () => process.getActiveResourcesInfo());
  byType('nodejs_active_handles', 'nodejs_active_handles_total', activeHandles);
  byType('nodejs_active_requests', 'nodejs_active_requests_total', activeRequests);

  const memory = new SharedReading(() => process.memoryUsage());
  const heapTotal = memory.reader();
  const heapUsed = memory.reader();
  const external = memory.reader();
  single('nodejs_heap_size_total_bytes', () => heapTotal().heapTotal);
  single('nodejs_heap_size_used_bytes', () => heapUsed().heapUsed);
  single('nodejs_external_memory_bytes', () => external().external);

  // prom-client names a space without its `_space` suffix: `old`, `new`, `code`, ...
  const spaceLabels = labelSets('space');
  const spaces = new SharedReading(() => v8.getHeapSpaceStatistics());
  const space = (name: string, field: 'space_size' | 'space_used_size' | 'space_available_size') => {
    const read = spaces.reader();
    gauge(name, (observe) => {
      for (const entry of read()) observe(entry[field], spaceLabels(entry.space_name.replace(/_space$/, '')));
    });
  };
  space('nodejs_heap_space_size_total_bytes', 'space_size');
  space('nodejs_heap_space_size_used_bytes', 'space_used_size');
  space('nodejs_heap_space_size_available_bytes', 'space_available_size');

  const [major = '', minor = '', patch = ''] = process.versions.node.split('.');
  const version = Object.freeze({ version: process.version, major, minor, patch });
  gauge('nodejs_version_info', (observe) => observe(1, version));

  delay.start();
  gc.start();
  return {
    stop() {
      for (const stop of stops) stop();
      delay.stop();
      gc.stop();
    },
  };
}
