'use strict';
// Configuration values this branch validates: database buckets, layer lists, the host and the prefix.
const { expect } = require('chai');
const { readConfig, setLogLevel, DEFAULT_DB_DURATION_BUCKETS } = require('@nodeprom/core');

function read(env) {
  const lines = [];
  const write = process.stderr.write;
  process.stderr.write = (chunk) => {
    lines.push(String(chunk));
    return true;
  };
  try {
    return { config: readConfig(env), warnings: lines.join('').split('\n').filter(Boolean) };
  } finally {
    process.stderr.write = write;
    setLogLevel('warn');
  }
}

describe('configuration: database buckets, layer lists, host and prefix', () => {
  it('reads NODEPROM_DB_DURATION_BUCKETS like the HTTP buckets', () => {
    expect(read({}).config.dbDurationBuckets).to.deep.equal(DEFAULT_DB_DURATION_BUCKETS);
    const { config, warnings } = read({ NODEPROM_DB_DURATION_BUCKETS: '0.0005, 0.002,0.02' });
    expect(warnings).to.deep.equal([]);
    expect(config.dbDurationBuckets).to.deep.equal([0.0005, 0.002, 0.02]);
  });

  for (const bad of ['1,abc', '5,1', '-1,2', '0']) {
    it(`warns once about NODEPROM_DB_DURATION_BUCKETS=${bad} and uses the semantic-convention buckets`, () => {
      const { config, warnings } = read({ NODEPROM_DB_DURATION_BUCKETS: bad });
      expect(config.dbDurationBuckets).to.deep.equal(DEFAULT_DB_DURATION_BUCKETS);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('NODEPROM_DB_DURATION_BUCKETS').and.include('increasing positive numbers');
    });
  }

  it('treats a layer list that names no valid layer as a bad value: one warning, every layer stays on', () => {
    for (const value of ['postgres', ',', 'postgres,redis']) {
      const { config, warnings } = read({ NODEPROM_ENABLED_INSTRUMENTATIONS: value });
      expect([...config.layers], value).to.deep.equal(['http', 'pg', 'mysql2', 'ioredis', 'knex']);
      expect(warnings, value).to.have.length(1);
      expect(warnings[0]).to.include('NODEPROM_ENABLED_INSTRUMENTATIONS').and.include('every layer');
    }
  });

  it('skips unknown names in a list that has valid ones, with one warning naming them', () => {
    const { config, warnings } = read({ NODEPROM_ENABLED_INSTRUMENTATIONS: 'http,postgres' });
    expect([...config.layers]).to.deep.equal(['http']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('"postgres"');
  });

  it('ignores a disabled list that names no valid layer, with a warning', () => {
    const { config, warnings } = read({ NODEPROM_DISABLED_INSTRUMENTATIONS: 'htp' });
    expect([...config.layers]).to.have.length(5);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_DISABLED_INSTRUMENTATIONS');
  });

  it('says which wins when a layer is both enabled and disabled: the disabled list', () => {
    const { config, warnings } = read({ NODEPROM_ENABLED_INSTRUMENTATIONS: 'http,pg', NODEPROM_DISABLED_INSTRUMENTATIONS: 'pg' });
    expect([...config.layers]).to.deep.equal(['http']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('pg').and.include('NODEPROM_DISABLED_INSTRUMENTATIONS wins');
  });

  it('rejects NODEPROM_PREFIX made of underscores only, which would become no prefix', () => {
    const { config, warnings } = read({ NODEPROM_PREFIX: '__' });
    expect(config.prefix).to.equal('');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_PREFIX').and.include('"__"');
  });

  it('reports a malformed NODEPROM_HOST under its own name and listens on the default', () => {
    const { config, warnings } = read({ NODEPROM_HOST: 'not a host!' });
    expect(config.host).to.equal('0.0.0.0');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('NODEPROM_HOST').and.not.include('NODEPROM_PORT');
    for (const good of ['127.0.0.1', '::1', '::', 'localhost', 'metrics.internal', '0.0.0.0']) {
      expect(read({ NODEPROM_HOST: good }).config.host, good).to.equal(good);
    }
  });
});
