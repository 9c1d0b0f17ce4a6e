'use strict';
// What the scrape costs the app (nodeprom observing itself), from the nodeprom-scrape rules.

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries }) => ({
  title: 'nodeprom scrape',
  panels: [
    timeseries({
      title: 'Scrape duration p99',
      description: 'Time the app spent building scrape bodies (collection and writing).',
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (instance, le) (${scoped('instance_le:nodeprom_scrape_duration_seconds_bucket:rate5m')})) >= 0`,
          legend: '{{instance}}',
        },
      ],
    }),
    timeseries({
      title: 'Series per scrape',
      description: 'Sample lines in the last scrape body: what each scrape costs Prometheus to store.',
      unit: 'short',
      queries: [
        { expr: `max by (instance) (${scoped('instance:nodeprom_scrape_series:max')})`, legend: '{{instance}}' },
      ],
    }),
  ],
});
