import * as v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import {
  NODEJS_EVENTLOOP_DELAY_MAX,
  NODEJS_EVENTLOOP_DELAY_MEAN,
  NODEJS_EVENTLOOP_DELAY_MIN,
  NODEJS_EVENTLOOP_DELAY_P50,
  NODEJS_EVENTLOOP_DELAY_P90,
  NODEJS_EVENTLOOP_DELAY_P99,
  NODEJS_EVENTLOOP_DELAY_STDDEV,
  NODEJS_EVENTLOOP_TIME,
  NODEJS_EVENTLOOP_UTILIZATION,
  PROCESS_CPU_TIME,
  PROCESS_MEMORY_USAGE,
  PROCESS_RUNTIME_INFO,
  PROCESS_START_TIME,
  PROCESS_MAX_FDS,
  PROCESS_OPEN_FDS,
  V8JS_GC_DURATION,
  V8JS_MEMORY_ARRAY_BUFFERS,
  V8JS_MEMORY_EXTERNAL,
  V8JS_MEMORY_HEAP_SIZE_LIMIT,
  V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  V8JS_MEMORY_HEAP_SPACE_SIZE,
  V8JS_MEMORY_HEAP_USED,
  V8JS_RESOURCE_ACTIVE,
  type MetricSink,
} from '@nodeprom/core';
import { countByType } from './active-resources';
import { EventLoopDelay, EventLoopUtilizationWindow, type DelayWindow } from './event-loop';
import { GcDurations } from './gc';
import { labelSets } from './labels';
import { fileDescriptorLimit, hasProc, openFileDescriptors } from './proc';
import { SharedReading } from './shared-reading';
import type { RuntimeCollection } from './collection';

const NO_LABELS = Object.freeze({});
const ACTIVE = Object.freeze({ 'nodejs.eventloop.state': 'active' });
const IDLE = Object.freeze({ 'nodejs.eventloop.state': 'idle' });
const USER = Object.freeze({ 'cpu.mode': 'user' });
const SYSTEM = Object.freeze({ 'cpu.mode': 'system' });
const MS_PER_S = 1000;
const US_PER_S = 1e6;

/** The default profile: OpenTelemetry's runtime semantic conventions (`nodejs.*`, `v8js.*`, `process.*`). */
export function openTelemetryProfile(sink: MetricSink): RuntimeCollection {
  const delay = new EventLoopDelay();
  const utilization = new EventLoopUtilizationWindow();
  const gc = new GcDurations(sink.histogram(V8JS_GC_DURATION), 'v8js.gc.type');
  const stops: Array<() => void> = [];
  const gauge = (...args: Parameters<MetricSink['gauge']>) => stops.push(sink.gauge(...args));

  const delayGauge = (definition: Parameters<MetricSink['gauge']>[0], stat: keyof DelayWindow) => {
    const read = delay.window.reader();
    gauge(definition, (observe) => observe(read()[stat], NO_LABELS));
  };
  delayGauge(NODEJS_EVENTLOOP_DELAY_MIN, 'min');
  delayGauge(NODEJS_EVENTLOOP_DELAY_MAX, 'max');
  delayGauge(NODEJS_EVENTLOOP_DELAY_MEAN, 'mean');
  delayGauge(NODEJS_EVENTLOOP_DELAY_STDDEV, 'stddev');
  delayGauge(NODEJS_EVENTLOOP_DELAY_P50, 'p50');
  delayGauge(NODEJS_EVENTLOOP_DELAY_P90, 'p90');
  delayGauge(NODEJS_EVENTLOOP_DELAY_P99, 'p99');
  gauge(NODEJS_EVENTLOOP_UTILIZATION, (observe) => observe(utilization.next(), NO_LABELS));
  gauge(NODEJS_EVENTLOOP_TIME, (observe) => {
    const { active, idle } = performance.eventLoopUtilization();
    observe(active / MS_PER_S, ACTIVE);
    observe(idle / MS_PER_S, IDLE);
  });

  const spaceLabels = labelSets('v8js.heap.space.name');
  const spaces = new SharedReading(() => v8.getHeapSpaceStatistics());
  const spaceGauge = (
    definition: Parameters<MetricSink['gauge']>[0],
    field: 'space_used_size' | 'space_size' | 'space_available_size' | 'physical_space_size',
  ) => {
    const read = spaces.reader();
    gauge(definition, (observe) => {
      for (const space of read()) observe(space[field], spaceLabels(space.space_name));
    });
  };
  spaceGauge(V8JS_MEMORY_HEAP_USED, 'space_used_size');
  spaceGauge(V8JS_MEMORY_HEAP_SPACE_SIZE, 'space_size');
  spaceGauge(V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE, 'space_available_size');
  spaceGauge(V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE, 'physical_space_size');
  gauge(V8JS_MEMORY_HEAP_SIZE_LIMIT, (observe) => observe(v8.getHeapStatistics().heap_size_limit, NO_LABELS));

  const memory = new SharedReading(() => process.memoryUsage());
  const readExternal = memory.reader();
  const readArrayBuffers = memory.reader();
  const readResident = memory.reader();
  gauge(V8JS_MEMORY_EXTERNAL, (observe) => observe(readExternal().external, NO_LABELS));
  gauge(V8JS_MEMORY_ARRAY_BUFFERS, (observe) => observe(readArrayBuffers().arrayBuffers, NO_LABELS));
  gauge(PROCESS_MEMORY_USAGE, (observe) => observe(readResident().rss, NO_LABELS));

  gauge(PROCESS_CPU_TIME, (observe) => {
    const { user, system } = process.cpuUsage();
    observe(user / US_PER_S, USER);
    observe(system / US_PER_S, SYSTEM);
  });
  const startTime = performance.timeOrigin / MS_PER_S;
  gauge(PROCESS_START_TIME, (observe) => observe(startTime, NO_LABELS));

  if (hasProc()) {
    gauge(PROCESS_OPEN_FDS, (observe) => {
      const open = openFileDescriptors();
      if (open !== undefined) observe(open, NO_LABELS);
    });
    // Read once: a process cannot raise its own limit without a native module, and this saves a
    // file read per scrape.
    const limit = fileDescriptorLimit();
    if (limit !== undefined) gauge(PROCESS_MAX_FDS, (observe) => observe(limit, NO_LABELS));
  }

  const resourceLabels = labelSets('v8js.resource.type');
  gauge(V8JS_RESOURCE_ACTIVE, (observe) => {
    for (const [type, count] of countByType(process.getActiveResourcesInfo())) observe(count, resourceLabels(type));
  });

  const info = Object.freeze({ 'process.runtime.name': 'nodejs', 'process.runtime.version': process.versions.node });
  gauge(PROCESS_RUNTIME_INFO, (observe) => observe(1, info));

  delay.start();
  utilization.start();
  gc.start();
  return {
    stop() {
      for (const stop of stops) stop();
      delay.stop();
      gc.stop();
    },
  };
}
