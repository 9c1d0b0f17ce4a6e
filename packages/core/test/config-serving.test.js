'use strict';
const { expect } = require('chai');
const { readConfigWithWarnings } = require('./read-config');

const read = readConfigWithWarnings;

describe('configuration of how the scrape is served', () => {
  it('serves its own port by default, without a web configuration file', () => {
    const { config, warnings } = read({});
    expect(config).to.include({ serve: true, port: 9464, webConfigFile: undefined });
    expect(warnings).to.equal('');
  });

  it('starts no port of its own with NODEPROM_PORT=none, in any case', () => {
    for (const value of ['none', 'NONE', ' None ']) {
      const { config, warnings } = read({ NODEPROM_PORT: value });
      expect(config.serve, value).to.equal(false);
      expect(warnings).to.equal('');
    }
  });

  it('warns about any other word, naming the variable and both accepted forms, and serves on the default port', () => {
    const { config, warnings } = read({ NODEPROM_PORT: 'off' });
    expect(config).to.include({ serve: true, port: 9464 });
    expect(warnings).to.include('NODEPROM_PORT="off"').and.include('an integer from 0 to 65535, or none');
  });

  it('takes NODEPROM_WEB_CONFIG_FILE as a path, read when the endpoint starts', () => {
    expect(read({ NODEPROM_WEB_CONFIG_FILE: ' /etc/nodeprom/web.yml ' }).config.webConfigFile).to.equal(
      '/etc/nodeprom/web.yml',
    );
  });
});
