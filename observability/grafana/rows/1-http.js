'use strict';
// HTTP server: traffic, errors and latency by route, from nodeprom-http recording rules.

const COUNT = 'instance_method_route:http_server_request_duration_seconds_count:rate5m';
const BY_CODE = 'instance_method_route_code:http_server_request_duration_seconds_count:rate5m';
const BUCKETS = 'instance_method_route_le:http_server_request_duration_seconds_bucket:rate5m';
const SUM = 'instance_method_route:http_server_request_duration_seconds_sum:rate5m';
const FIVE_XX = 'http_response_status_code=~"5.."';

// `>= 0` drops the NaN of a route idle for 5 minutes (NaN compares false).
const quantile = (q, by, buckets) => `histogram_quantile(${q}, sum by (${[...by, 'le'].join(', ')}) (${buckets})) >= 0`;

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries, stat }) => ({
  title: 'HTTP',
  panels: [
    stat({
      title: 'Requests per second',
      description: 'All requests of the selected instances, averaged over 5 minutes.',
      unit: 'reqps',
      queries: [{ expr: `sum(${scoped(COUNT)})`, legend: 'requests' }],
    }),
    stat({
      title: '5xx ratio',
      description: 'Share of requests answered with a 5xx status. The NodepromHighHttp5xxRatio alert fires above 5%.',
      unit: 'percentunit',
      red: 0.05,
      queries: [
        { expr: `(sum(${scoped(BY_CODE, FIVE_XX)}) or vector(0)) / (sum(${scoped(COUNT)}) > 0)`, legend: '5xx' },
      ],
    }),
    stat({
      title: 'p99 latency',
      description: '99th percentile of the request duration over every route.',
      unit: 's',
      red: 1,
      queries: [{ expr: quantile(0.99, [], scoped(BUCKETS)), legend: 'p99' }],
    }),
    stat({
      title: 'In-flight requests',
      description: 'Requests being served right now.',
      unit: 'short',
      queries: [{ expr: `sum(${scoped('instance:http_server_active_requests:sum')})`, legend: 'in flight' }],
    }),
    timeseries({
      title: 'Requests per second by route',
      description: 'Requests without a route template (no framework route matched, e.g. 404s) have an empty route.',
      unit: 'reqps',
      queries: [
        {
          expr: `sum by (http_request_method, http_route) (${scoped(COUNT)})`,
          legend: '{{http_request_method}} {{http_route}}',
        },
      ],
    }),
    timeseries({
      title: 'Responses per second by status code',
      unit: 'reqps',
      queries: [
        { expr: `sum by (http_response_status_code) (${scoped(BY_CODE)})`, legend: '{{http_response_status_code}}' },
      ],
    }),
    timeseries({
      title: '5xx ratio by route',
      description: "Share of each route's requests answered with a 5xx status; only routes that had one are shown.",
      unit: 'percentunit',
      max: 1,
      queries: [
        {
          expr: `sum by (http_request_method, http_route) (${scoped(BY_CODE, FIVE_XX)}) / (sum by (http_request_method, http_route) (${scoped(COUNT)}) > 0)`,
          legend: '{{http_request_method}} {{http_route}}',
        },
      ],
    }),
    timeseries({
      title: 'Latency quantiles',
      description: 'p50, p90 and p99 of the request duration over every route, from the histogram buckets.',
      unit: 's',
      queries: [
        { expr: quantile(0.5, [], scoped(BUCKETS)), legend: 'p50' },
        { expr: quantile(0.9, [], scoped(BUCKETS)), legend: 'p90' },
        { expr: quantile(0.99, [], scoped(BUCKETS)), legend: 'p99' },
      ],
    }),
    timeseries({
      title: 'p99 latency by route',
      description: 'The NodepromHighHttpLatencyP99 alert fires when a route stays above 1 s for 10 minutes.',
      unit: 's',
      queries: [
        {
          expr: quantile(0.99, ['http_request_method', 'http_route'], scoped(BUCKETS)),
          legend: '{{http_request_method}} {{http_route}}',
        },
      ],
    }),
    timeseries({
      title: 'Mean latency by route',
      unit: 's',
      queries: [
        {
          expr: `sum by (http_request_method, http_route) (${scoped(SUM)}) / (sum by (http_request_method, http_route) (${scoped(COUNT)}) > 0)`,
          legend: '{{http_request_method}} {{http_route}}',
        },
      ],
    }),
    timeseries({
      title: 'Response bytes per second by route',
      description: 'From responses that declare a Content-Length.',
      unit: 'Bps',
      queries: [
        {
          expr: `sum by (http_request_method, http_route) (${scoped('instance_method_route:http_server_response_body_size_bytes_sum:rate5m')})`,
          legend: '{{http_request_method}} {{http_route}}',
        },
      ],
    }),
    timeseries({
      title: 'In-flight requests by instance',
      unit: 'short',
      queries: [
        { expr: `sum by (instance) (${scoped('instance:http_server_active_requests:sum')})`, legend: '{{instance}}' },
      ],
    }),
  ],
});
