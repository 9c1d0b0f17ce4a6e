'use strict';
// HttpServerRecorder: one number packs method, scheme, status and abort, and a route's series are
// found by it. Every combination must land in its own series (no two packed keys collide, even at
// the edges of the status range), each series is resolved once, and in-flight series appear only
// for the kinds of request that were seen.
const { expect } = require('chai');
const { HttpServerRecorder, HTTP_METHODS, httpMethodIndex } = require('@nodeprom/core');

function countingSink() {
  const resolved = [];
  const records = [];
  const instrument = (name) => ({
    cell(attributes) {
      resolved.push({ name, attributes: { ...attributes } });
      const cell = {
        record: (value) => records.push({ name, attributes, value }),
        add: (value) => records.push({ name, attributes, value }),
      };
      return cell;
    },
  });
  return {
    resolved,
    records,
    sink: {
      histogram: (definition) => instrument(definition.name),
      counter: (definition) => instrument(definition.name),
      upDownCounter: (definition) => instrument(definition.name),
      gauge: () => () => {},
    },
  };
}

function end(method, https, status, aborted, route) {
  return { method, https, route, status, aborted, durationSeconds: 0.01, requestBodySize: -1, responseBodySize: 10 };
}

const key = (attributes) => JSON.stringify(Object.entries(attributes).sort());
const STATUSES = [0, 100, 200, 404, 499, 500, 599, 999];
const ROUTES = [undefined, '/a', '/users/:id'];

describe('HttpServerRecorder', () => {
  it('gives every method, scheme, status, abort and route its own series, resolved once', () => {
    const { sink, resolved, records } = countingSink();
    const recorder = new HttpServerRecorder(sink, [0.1, 1]);
    let requests = 0;
    for (let round = 0; round < 2; round++) {
      for (const route of ROUTES) {
        for (let method = 0; method < HTTP_METHODS.length; method++) {
          for (const https of [false, true]) {
            for (const status of STATUSES) {
              for (const aborted of [false, true]) {
                recorder.requestStarted(method, https);
                recorder.requestEnded(end(method, https, status, aborted, route));
                requests++;
              }
            }
          }
        }
      }
    }
    const combinations = ROUTES.length * HTTP_METHODS.length * 2 * STATUSES.length * 2;
    const durations = resolved.filter((r) => r.name === 'http.server.request.duration');
    expect(durations).to.have.length(combinations);
    expect(new Set(durations.map((r) => key(r.attributes))).size).to.equal(combinations);
    // Every request was recorded into the series of its own attributes.
    const recorded = records.filter((r) => r.name === 'http.server.request.duration');
    expect(recorded).to.have.length(requests);
    const sample = durations.find(
      (r) => r.attributes['http.route'] === '/users/:id' && r.attributes['http.response.status_code'] === 503,
    );
    expect(sample).to.equal(undefined); // 503 was never sent
    const served = durations.find(
      (r) =>
        r.attributes['http.route'] === '/users/:id' &&
        r.attributes['http.response.status_code'] === 599 &&
        r.attributes['url.scheme'] === 'https' &&
        r.attributes['http.request.method'] === 'TRACE',
    );
    expect(served.attributes).to.include({ 'error.type': '599' });
  });

  it('labels 5xx with their status, aborts with "aborted", and a request without a response head with no status', () => {
    const { sink, resolved } = countingSink();
    const recorder = new HttpServerRecorder(sink, [0.1, 1]);
    const get = httpMethodIndex('GET');
    recorder.requestEnded(end(get, false, 502, false, '/r'));
    recorder.requestEnded(end(get, false, 404, false, '/r'));
    recorder.requestEnded(end(get, false, 0, true, '/r'));
    const durations = resolved.filter((r) => r.name === 'http.server.request.duration').map((r) => r.attributes);
    expect(durations[0]).to.deep.equal({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.route': '/r',
      'http.response.status_code': 502,
      'error.type': '502',
    });
    expect(durations[1]).to.deep.equal({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.route': '/r',
      'http.response.status_code': 404,
    });
    expect(durations[2]).to.deep.equal({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.route': '/r',
      'error.type': 'aborted',
    });
  });

  it('creates an in-flight series with the first request of a method and scheme, and never before', () => {
    const { sink, resolved, records } = countingSink();
    const recorder = new HttpServerRecorder(sink, [0.1, 1]);
    const active = () => resolved.filter((r) => r.name === 'http.server.active_requests').map((r) => r.attributes);
    expect(active()).to.deep.equal([]);
    const post = httpMethodIndex('POST');
    recorder.requestStarted(post, true);
    recorder.requestStarted(post, true);
    expect(active()).to.deep.equal([{ 'http.request.method': 'POST', 'url.scheme': 'https' }]);
    recorder.requestEnded(end(post, true, 201, false, undefined));
    recorder.requestExcluded(post, true);
    const changes = records.filter((r) => r.name === 'http.server.active_requests').map((r) => r.value);
    expect(changes).to.deep.equal([1, 1, -1, -1]);
  });

  it('maps methods outside the semantic-convention list, and prototype names, to _OTHER', () => {
    for (const method of ['PROPFIND', '__proto__', 'constructor', 'get', undefined]) {
      expect(HTTP_METHODS[httpMethodIndex(method)], String(method)).to.equal('_OTHER');
    }
    for (const method of HTTP_METHODS.filter((m) => m !== '_OTHER'))
      expect(HTTP_METHODS[httpMethodIndex(method)]).to.equal(method);
  });
});
