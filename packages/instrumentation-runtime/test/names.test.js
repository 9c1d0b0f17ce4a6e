'use strict';
// The names users query: OpenTelemetry's runtime conventions the Prometheus way, and prom-client's
// names exactly as written in the prom-client profile's definitions.
const { expect } = require('chai');
const { RUNTIME_METRICS, PROM_CLIENT_RUNTIME_METRICS, prometheusName } = require('@nodeprom/core');

describe('runtime: metric names', () => {
  it('exposes the OpenTelemetry names with unit suffixes and _total', () => {
    const names = RUNTIME_METRICS.map((definition) => prometheusName(definition));
    expect(names).to.include.members([
      'nodejs_eventloop_delay_p99_seconds',
      'nodejs_eventloop_utilization_ratio',
      'nodejs_eventloop_time_seconds_total',
      'v8js_gc_duration_seconds',
      'v8js_memory_heap_used_bytes',
      'process_cpu_time_seconds_total',
      'process_memory_usage_bytes',
      'process_open_fds',
    ]);
    expect(new Set(names).size).to.equal(names.length);
  });

  it('exposes every prom-client profile name exactly as its definition writes it', () => {
    for (const definition of PROM_CLIENT_RUNTIME_METRICS) expect(prometheusName(definition)).to.equal(definition.name);
  });

  it('marks every runtime metric as per process for multi-process services', () => {
    for (const definition of [...RUNTIME_METRICS, ...PROM_CLIENT_RUNTIME_METRICS]) {
      expect(definition.multiprocess, definition.name).to.equal('perprocess');
    }
  });
});
