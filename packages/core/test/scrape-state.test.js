'use strict';
const { expect } = require('chai');
const {
  MetricStore,
  storeSource,
  stateSource,
  renderToString,
  HTTP_SERVER_REQUEST_DURATION,
  DB_CLIENT_CACHE_LOOKUPS,
  DB_CLIENT_CONNECTIONS,
  DEFAULT_HTTP_DURATION_BUCKETS,
} = require('@nodeprom/core');
const { promtoolCheck } = require('@nodeprom/test-utils');

// The multi-process path: a process's state exported as plain data, sent as JSON (as over IPC or a
// file), and rendered by the same writer, gives the text the live store gives.
describe("a store's state as plain data", function () {
  let live;
  let state;
  before(async () => {
    const store = new MetricStore();
    const duration = store.histogram(HTTP_SERVER_REQUEST_DURATION, DEFAULT_HTTP_DURATION_BUCKETS);
    duration
      .cell({ 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 })
      .record(0.02);
    duration
      .cell({
        'http.request.method': 'POST',
        'http.route': '/a "quoted"\\path',
        'http.response.status_code': 500,
        'error.type': '500',
      })
      .record(3);
    store
      .counter(DB_CLIENT_CACHE_LOOKUPS)
      .cell({ 'db.system.name': 'redis', 'db.operation.name': 'GET', 'cache.result': 'hit' })
      .add(7);
    store.gauge(DB_CLIENT_CONNECTIONS, (observe) =>
      observe(4, { 'db.system.name': 'postgresql', 'db.client.connection.state': 'idle' }),
    );
    const source = storeSource(store, undefined, 'shop');
    state = JSON.parse(JSON.stringify(await source.exportState()));
    live = {
      prometheus: await renderToString(source, 'prometheus'),
      openmetrics: await renderToString(source, 'openmetrics'),
    };
  });

  it('carries pre-rendered label blocks, per-bucket counts and a merge hint per family', () => {
    const family = state.families.find((f) => f.name === 'http_server_request_duration_seconds');
    expect(family).to.include({ kind: 'histogram', unit: 's', merge: 'sum' });
    expect(family.boundaries).to.deep.equal([...DEFAULT_HTTP_DURATION_BUCKETS]);
    expect(family.series[1].labels).to.equal(
      'http_request_method="POST",http_route="/a \\"quoted\\"\\\\path",http_response_status_code="500",error_type="500"',
    );
    expect(family.series[1]).to.include({ count: 1, sum: 3 });
    expect(family.series[1].counts).to.have.length(DEFAULT_HTTP_DURATION_BUCKETS.length + 1);
  });

  for (const format of ['prometheus', 'openmetrics']) {
    it(`renders, after a JSON round trip, the ${format} text of the live store`, async () => {
      const text = await renderToString(
        stateSource(async () => state, 'shop'),
        format,
      );
      // The scrape's own metrics moved on between the two renders; everything else is the same.
      const own = (line) => !line.startsWith('shop_nodeprom_scrape_');
      expect(text.split('\n').filter(own)).to.deep.equal(live[format].split('\n').filter(own));
      expect(text).to.include(
        'shop_db_client_cache_lookups_total{db_system_name="redis",db_operation_name="GET",cache_result="hit"} 7\n',
      );
    });
  }

  it('passes promtool check metrics', async function () {
    expect(
      promtoolCheck(
        this,
        await renderToString(
          stateSource(async () => state, 'shop'),
          'prometheus',
        ),
      ),
    ).to.equal('');
  });
});
