'use strict';
const { expect } = require('chai');
const { readConfigWithWarnings } = require('./read-config');
const { DEFAULT_HTTP_DURATION_BUCKETS, DEFAULT_DB_DURATION_BUCKETS, LAYER_NAMES } = require('@nodeprom/core');

const read = readConfigWithWarnings;

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const { config, warnings } = read({});
    expect(warnings).to.equal('');
    expect(config).to.include({
      host: '0.0.0.0',
      port: 9464,
      path: '/metrics',
      prefix: '',
      knexMigrationsCheck: false,
      logLevel: 'warn',
    });
    expect([...config.layers]).to.deep.equal(['http', 'pg', 'mysql2', 'ioredis', 'knex', 'runtime']);
    expect(config.runtimeMetricsNames).to.equal('opentelemetry');
    expect(config.httpDurationBuckets).to.deep.equal(DEFAULT_HTTP_DURATION_BUCKETS);
  });

  it('reads every variable when it is valid', () => {
    const { config, warnings } = read({
      NODEPROM_HOST: '127.0.0.1',
      NODEPROM_PORT: '9999',
      NODEPROM_PATH: '/prom',
      NODEPROM_PREFIX: 'shop',
      NODEPROM_HTTP_DURATION_BUCKETS: '0.1, 0.5,2',
      NODEPROM_KNEX_MIGRATIONS_CHECK: 'true',
      OTEL_LOG_LEVEL: 'DEBUG',
      NODEPROM_RUNTIME_METRICS_NAMES: 'Prom-Client',
    });
    expect(warnings).to.equal('');
    expect(config).to.include({
      host: '127.0.0.1',
      port: 9999,
      path: '/prom',
      prefix: 'shop',
      knexMigrationsCheck: true,
      logLevel: 'debug',
      runtimeMetricsNames: 'prom-client',
    });
    expect(config.httpDurationBuckets).to.deep.equal([0.1, 0.5, 2]);
  });

  const badValues = [
    ['NODEPROM_PORT', 'http', 'port', 9464],
    ['NODEPROM_PORT', '70000', 'port', 9464],
    ['NODEPROM_PATH', 'metrics', 'path', '/metrics'],
    ['NODEPROM_PREFIX', 'my-app', 'prefix', ''],
    ['NODEPROM_KNEX_MIGRATIONS_CHECK', 'yes please', 'knexMigrationsCheck', false],
    ['OTEL_LOG_LEVEL', 'loud', 'logLevel', 'warn'],
    ['NODEPROM_RUNTIME_METRICS_NAMES', 'prometheus', 'runtimeMetricsNames', 'opentelemetry'],
  ];
  for (const [name, value, field, fallback] of badValues) {
    it(`warns once about ${name}=${value}, naming the variable and the accepted form, and uses the default`, () => {
      const { config, warnings } = read({ [name]: value });
      expect(config[field]).to.equal(fallback);
      expect(warnings.split('\n').filter(Boolean)).to.have.length(1);
      expect(warnings).to.include(name).and.to.include(JSON.stringify(value)).and.to.include('expected');
    });
  }

  for (const buckets of ['1,abc', '5,1', '-1,2', '']) {
    it(`rejects NODEPROM_HTTP_DURATION_BUCKETS=${JSON.stringify(buckets)} unless empty`, () => {
      const { config, warnings } = read({ NODEPROM_HTTP_DURATION_BUCKETS: buckets });
      expect(config.httpDurationBuckets).to.deep.equal(DEFAULT_HTTP_DURATION_BUCKETS);
      if (buckets === '') expect(warnings).to.equal('');
      else expect(warnings).to.include('NODEPROM_HTTP_DURATION_BUCKETS').and.to.include('increasing positive numbers');
    });
  }

  it('turns layers on and off, and lists the valid names when one is unknown', () => {
    const { config, warnings } = read({
      NODEPROM_ENABLED_INSTRUMENTATIONS: 'http, pg,redis',
      NODEPROM_DISABLED_INSTRUMENTATIONS: 'pg',
    });
    expect([...config.layers]).to.deep.equal(['http']);
    expect(warnings).to.include('"redis"').and.to.include('http, pg, mysql2, ioredis, knex');
  });

  it("honours the OpenTelemetry variables only when nodeprom's own are unset", () => {
    expect([...read({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'pg,knex' }).config.layers]).to.deep.equal(['pg', 'knex']);
    expect([...read({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' }).config.layers]).to.deep.equal([
      'pg',
      'mysql2',
      'ioredis',
      'knex',
      'runtime',
    ]);
    const both = read({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'pg', NODEPROM_DISABLED_INSTRUMENTATIONS: 'knex' }).config;
    expect([...both.layers]).to.deep.equal(['http', 'pg', 'mysql2', 'ioredis', 'runtime']);
  });

  it('stays silent about bad values when OTEL_LOG_LEVEL=none', () => {
    expect(read({ OTEL_LOG_LEVEL: 'none', NODEPROM_PORT: 'x' }).warnings).to.equal('');
  });
});

describe('configuration: database buckets, layer lists, host and prefix', () => {
  it('reads NODEPROM_DB_DURATION_BUCKETS like the HTTP buckets', () => {
    expect(read({}).config.dbDurationBuckets).to.deep.equal(DEFAULT_DB_DURATION_BUCKETS);
    const { config, warnings: text } = read({ NODEPROM_DB_DURATION_BUCKETS: '0.0005, 0.002,0.02' });
    const warnings = text.split('\n').filter(Boolean);
    expect(warnings).to.deep.equal([]);
    expect(config.dbDurationBuckets).to.deep.equal([0.0005, 0.002, 0.02]);
  });

  for (const bad of ['1,abc', '5,1', '-1,2', '0']) {
    it(`warns once about NODEPROM_DB_DURATION_BUCKETS=${bad} and uses the semantic-convention buckets`, () => {
      const { config, warnings: text } = read({ NODEPROM_DB_DURATION_BUCKETS: bad });
      const warnings = text.split('\n').filter(Boolean);
      expect(config.dbDurationBuckets).to.deep.equal(DEFAULT_DB_DURATION_BUCKETS);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('NODEPROM_DB_DURATION_BUCKETS').and.include('increasing positive numbers');
    });
  }

  it('treats a layer list that names no valid layer as a bad value: one warning, every layer stays on', () => {
    for (const value of ['postgres', ',', 'postgres,redis']) {
      const { config, warnings: text } = read({ NODEPROM_ENABLED_INSTRUMENTATIONS: value });
      const warnings = text.split('\n').filter(Boolean);
      expect([...config.layers], value).to.deep.equal([...LAYER_NAMES]);
      expect(warnings, value).to.have.length(1);
      expect(warnings[0]).to.include('NODEPROM_ENABLED_INSTRUMENTATIONS').and.include('every layer');
    }
  });

  it('skips unknown names in a list that has valid ones, with one warning naming them', () => {
    const { config, warnings: text } = read({ NODEPROM_ENABLED_INSTRUMENTATIONS: 'http,postgres' });
    const warnings = text.split('\n').filter(Boolean);
    expect([...config.layers]).to.deep.equal(['http']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('"postgres"');
  });

  it('ignores a disabled list that names no valid layer, with a warning', () => {
    const { config, warnings: text } = read({ NODEPROM_DISABLED_INSTRUMENTATIONS: 'htp' });
    const warnings = text.split('\n').filter(Boolean);
    expect([...config.layers]).to.have.length(LAYER_NAMES.length);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_DISABLED_INSTRUMENTATIONS');
  });

  it('says which wins when a layer is both enabled and disabled: the disabled list', () => {
    const { config, warnings: text } = read({
      NODEPROM_ENABLED_INSTRUMENTATIONS: 'http,pg',
      NODEPROM_DISABLED_INSTRUMENTATIONS: 'pg',
    });
    const warnings = text.split('\n').filter(Boolean);
    expect([...config.layers]).to.deep.equal(['http']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('pg').and.include('NODEPROM_DISABLED_INSTRUMENTATIONS wins');
  });

  it('rejects NODEPROM_PREFIX made of underscores only, which would become no prefix', () => {
    const { config, warnings: text } = read({ NODEPROM_PREFIX: '__' });
    const warnings = text.split('\n').filter(Boolean);
    expect(config.prefix).to.equal('');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_PREFIX').and.include('"__"');
  });

  it('reports a malformed NODEPROM_HOST under its own name and listens on the default', () => {
    const { config, warnings: text } = read({ NODEPROM_HOST: 'not a host!' });
    const warnings = text.split('\n').filter(Boolean);
    expect(config.host).to.equal('0.0.0.0');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_HOST').and.not.include('NODEPROM_PORT');
    for (const good of ['127.0.0.1', '::1', '::', 'localhost', 'metrics.internal', '0.0.0.0']) {
      expect(read({ NODEPROM_HOST: good }).config.host, good).to.equal(good);
    }
  });
});
