'use strict';
// The runtime layer (@nodeprom/instrumentation-runtime): event loop, CPU, garbage collection and
// memory of the processes, from the nodeprom-runtime recording rules.

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries }) => ({
  title: 'Runtime',
  panels: [
    timeseries({
      title: 'Event loop delay (worst process)',
      description:
        'p99 and maximum delay of event loop turns since the previous scrape. The NodepromEventLoopBlocked alert fires when p99 stays above 0.5 s for 5 minutes.',
      unit: 's',
      queries: [
        {
          expr: `max by (instance) (${scoped('instance:nodejs_eventloop_delay_p99_seconds:max')})`,
          legend: '{{instance}} p99',
        },
        {
          expr: `max by (instance) (${scoped('instance:nodejs_eventloop_delay_max_seconds:max')})`,
          legend: '{{instance}} max',
        },
      ],
    }),
    timeseries({
      title: 'Event loop utilization (worst process)',
      description: 'Share of time the event loop was busy running code rather than waiting for I/O.',
      unit: 'percentunit',
      max: 1,
      queries: [
        {
          expr: `max by (instance) (${scoped('instance:nodejs_eventloop_time_active_seconds:max_rate5m')})`,
          legend: '{{instance}}',
        },
      ],
    }),
    timeseries({
      title: 'CPU time per second by mode',
      description: 'CPU seconds per second (1 = one core), summed over the processes of each instance.',
      unit: 'short',
      queries: [
        {
          expr: `sum by (instance, cpu_mode) (${scoped('instance_mode:process_cpu_time_seconds:rate5m')})`,
          legend: '{{instance}} {{cpu_mode}}',
        },
      ],
    }),
    timeseries({
      title: 'Garbage collection time per second by kind',
      description: 'Seconds spent in V8 garbage collection per second of wall time.',
      unit: 'percentunit',
      queries: [
        {
          expr: `sum by (instance, v8js_gc_type) (${scoped('instance_type:v8js_gc_duration_seconds_sum:rate5m')})`,
          legend: '{{instance}} {{v8js_gc_type}}',
        },
      ],
    }),
    timeseries({
      title: 'V8 heap used and limit',
      unit: 'bytes',
      queries: [
        {
          expr: `sum by (instance) (${scoped('instance:v8js_memory_heap_used_bytes:sum')})`,
          legend: '{{instance}} used',
        },
        {
          expr: `sum by (instance) (${scoped('instance:v8js_memory_heap_size_limit_bytes:sum')})`,
          legend: '{{instance}} limit',
        },
      ],
    }),
    timeseries({
      title: 'Heap used of its limit (worst process)',
      description: 'The NodepromHeapNearLimit alert fires above 90% for 10 minutes.',
      unit: 'percentunit',
      max: 1,
      queries: [
        {
          expr: `max by (instance) (${scoped('instance:v8js_memory_heap_used_per_limit:max')})`,
          legend: '{{instance}}',
        },
      ],
    }),
    timeseries({
      title: 'Resident memory',
      unit: 'bytes',
      queries: [
        { expr: `sum by (instance) (${scoped('instance:process_memory_usage_bytes:sum')})`, legend: '{{instance}}' },
      ],
    }),
    timeseries({
      title: 'File descriptors of their limit (worst process)',
      description: 'Linux only. The NodepromFileDescriptorsNearLimit alert fires above 90% for 10 minutes.',
      unit: 'percentunit',
      max: 1,
      queries: [
        { expr: `max by (instance) (${scoped('instance:process_open_fds_per_max_fds:max')})`, legend: '{{instance}}' },
      ],
    }),
  ],
});
