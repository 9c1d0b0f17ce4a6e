'use strict';
// A preload reaches every process, so it loads a layer only when the process first needs it (issue
// 11 §7): an app that uses no database and serves nothing has loaded no layer object, no
// OpenTelemetry package and no require hook, only the runtime readings; requiring pg later makes
// the pg layer before pg's code runs, and the app's first server makes the HTTP layer, so the
// scrape shows both as with every layer loaded at start-up.
const { expect } = require('chai');
const { requireService, startApp, sampleValue } = require('@nodeprom/test-utils');

const RUNTIME_EARLY = ['instrumentation-runtime/early.js', 'instrumentation-runtime/gc.js'];

describe('layers made when first needed', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    // startApp gives the app a fixed free port: the default configuration's multi-process service.
    app = await startApp('test-fixtures/apps/startup-loads-app.js');
  });
  after(async () => {
    if (app) await app.stop();
  });

  it('loads, at start-up, only the runtime readings: no layer object, no OpenTelemetry, no require hook', () => {
    const loaded = app.info.loaded;
    expect(loaded).to.include.members(RUNTIME_EARLY);
    expect(loaded.filter((file) => !file.startsWith('instrumentation-runtime/'))).to.deep.equal([]);
    expect(loaded).not.to.include('instrumentation-runtime/instrumentation.js');
  });

  it('serves the runtime series without having loaded any layer object', async () => {
    const text = await app.scrape();
    expect(sampleValue(text, 'process_cpu_time_seconds_total', { cpu_mode: 'user' })).to.be.above(0);
    // The scrape built the OpenTelemetry SDK (for the user's own metrics), and nothing more.
    const layers = (await app.call('loaded')).filter(
      (file) => file.startsWith('@opentelemetry/instrumentation/') || /^instrumentation-(?!runtime)/.test(file),
    );
    expect(layers).to.deep.equal([]);
  });

  it('makes the pg layer when the app first requires pg, and records its query', async () => {
    expect(await app.call('query')).to.equal(1);
    expect(await app.call('loaded')).to.include('instrumentation-pg/index.js');
    const text = await app.scrape();
    expect(
      sampleValue(text, 'db_client_operation_duration_seconds_count', {
        db_system_name: 'postgresql',
        db_operation_name: 'SELECT',
      }),
    ).to.equal(1);
    expect(app.stderr).to.equal('');
  });

  it("makes the HTTP layer at the app's first server, and records its first request", async () => {
    expect((await app.call('loaded')).filter((file) => file.startsWith('instrumentation-http/'))).to.deep.equal([]);
    const port = await app.call('listen');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).to.equal('hello');
    expect(await app.call('loaded')).to.include('instrumentation-http/index.js');
    const text = await app.scrape();
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
    ).to.equal(1);
    expect(app.stderr).to.equal('');
  });
});
