'use strict';
// The Prometheus and Kubernetes configuration examples: valid for promtool, loading the kit's
// rules, and consistent with themselves (a ServiceMonitor's port is a port of its Service, …).
// The TLS and basic-auth example is scraped for real by test/tls-scrape.test.js.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('chai');
const YAML = require('yaml');
const { promtoolCheck } = require('@nodeprom/test-utils');
const { KIT, ROOT, rules } = require('./kit');
const { buildPrometheusRule, PROMETHEUS_RULE_FILE } = require('../prometheus/prometheus-rule');

const EXAMPLES = path.join(KIT, 'prometheus', 'examples');
const PROMETHEUS_EXAMPLES = ['single-process.yml', 'cluster-one-port.yml', 'port-range.yml', 'tls-basic-auth.yml'];
const readYaml = (file) => YAML.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
const readAll = (file) =>
  YAML.parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).map((doc) => doc.toJS());

describe('the configuration examples of the observability kit', function () {
  this.timeout(30000);

  it('are Prometheus configurations promtool accepts, each loading the recording and alerting rules', function () {
    promtoolCheck(this, ''); // fails in CI (skips elsewhere) when promtool is missing
    for (const file of PROMETHEUS_EXAMPLES) {
      const result = spawnSync('promtool', ['check', 'config', path.join(EXAMPLES, file)], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(result.status, `${file}\n${result.stdout}${result.stderr}`).to.equal(0);
      expect(readYaml(file).rule_files, file).to.deep.equal(['../rules/*.yml']);
      expect(result.stdout, file).to.include('nodeprom.rules.yml').and.include('nodeprom.alerts.yml');
    }
  });

  it('scrape often enough for the rules: at most a quarter of their 5-minute windows', () => {
    for (const file of PROMETHEUS_EXAMPLES) {
      const config = readYaml(file);
      expect(config.global.scrape_interval, file).to.match(/^(15|30)s$/);
    }
  });

  it('give each process its own port in the port-range example, one target per port', () => {
    const { static_configs: groups } = readYaml('port-range.yml').scrape_configs[0];
    for (const group of groups) {
      const ports = group.targets.map((target) => Number(target.split(':')[1]));
      expect(ports).to.deep.equal([9464, 9465, 9466, 9467]);
    }
  });

  it('scrape over https with basic auth in the TLS example, against a web config in the exporter-toolkit format', () => {
    const job = readYaml('tls-basic-auth.yml').scrape_configs[0];
    expect(job.scheme).to.equal('https');
    expect(job.tls_config).to.have.property('ca_file');
    expect(job.basic_auth).to.include({ username: 'prometheus' });
    expect(job.basic_auth).to.have.property('password_file');
    const web = readYaml('web-config.yml');
    expect(web.tls_server_config).to.include.keys('cert_file', 'key_file');
    expect(web.basic_auth_users.prometheus).to.match(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/);
  });

  it('select the Deployment and its Service by their labels and named ports in the Kubernetes examples', () => {
    const [deployment, podMonitor] = readAll('kubernetes/podmonitor.yml');
    expect(podMonitor).to.include({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' });
    expect(deployment.spec.template.metadata.labels).to.include(podMonitor.spec.selector.matchLabels);
    const containerPorts = deployment.spec.template.spec.containers.flatMap((c) => c.ports.map((p) => p.name));
    for (const endpoint of podMonitor.spec.podMetricsEndpoints) expect(containerPorts).to.include(endpoint.port);
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
    const metricsPort = deployment.spec.template.spec.containers[0].ports.find(
      (p) => p.name === 'metrics',
    ).containerPort;
    expect(Number(env.NODEPROM_PORT)).to.equal(metricsPort);

    const [service, serviceMonitor] = readAll('kubernetes/servicemonitor.yml');
    expect(serviceMonitor).to.include({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' });
    expect(service.metadata.labels).to.include(serviceMonitor.spec.selector.matchLabels);
    for (const endpoint of serviceMonitor.spec.endpoints)
      expect(service.spec.ports.map((p) => p.name)).to.include(endpoint.port);
  });

  it('ship the rules as a PrometheusRule that is the current build of the rule files (npm run observability:build)', () => {
    const text = fs.readFileSync(PROMETHEUS_RULE_FILE, 'utf8');
    expect(text).to.equal(buildPrometheusRule());
    const resource = YAML.parse(text);
    expect(resource).to.include({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    const inResource = resource.spec.groups.flatMap((group) => group.rules.map((rule) => rule.record ?? rule.alert));
    expect(inResource.sort()).to.deep.equal(
      rules()
        .map((rule) => rule.record ?? rule.alert)
        .sort(),
    );
  });
});
