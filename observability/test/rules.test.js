'use strict';
// The rule files, checked the way Prometheus checks them (promtool check rules / test rules), and
// against what nodeprom exposes: every metric and label a rule reads is one nodeprom documents, so
// renaming one in packages/core/src/metrics.ts (and docs/metrics.md with it) fails here.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('chai');
const YAML = require('yaml');
const { promtoolCheck } = require('@nodeprom/test-utils');
const {
  KIT,
  ROOT,
  ruleFiles,
  unitTestFiles,
  rules,
  recordingRuleNames,
  selectors,
  documentedMetrics,
} = require('./kit');

function promtool(context, args) {
  promtoolCheck(context, ''); // fails in CI (skips elsewhere) when promtool is missing
  const result = spawnSync('promtool', args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Series labels every target gets from Prometheus, and the ones histograms and rules add. */
const PROMETHEUS_LABELS = ['job', 'instance', 'le'];
/** Series nodeprom does not define but the rules read: Prometheus's own `up` and OpenTelemetry's target_info. */
const NOT_NODEPROM = new Set(['up', 'target_info']);

/** The documented metric a series name belongs to: `x_bucket`/`_count`/`_sum` of histogram x, or x itself. */
function documentedFamily(table, name) {
  if (table.has(name)) return { name, ...table.get(name) };
  const base = name.replace(/_(bucket|count|sum)$/, '');
  const entry = table.get(base);
  return entry && entry.type === 'histogram' ? { name: base, ...entry } : undefined;
}

/** Range selector durations of an expression, in seconds. */
function rangeSeconds(expr) {
  const units = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };
  return [...expr.matchAll(/\[(\d+)(ms|s|m|h|d)(?::[^\]]*)?\]/g)].map(([, n, unit]) => Number(n) * units[unit]);
}

describe('the Prometheus rules of the observability kit', function () {
  this.timeout(60000);
  const all = rules();
  const alerts = all.filter((rule) => rule.alert);

  it('pass promtool check rules, every rule file', function () {
    for (const file of ruleFiles()) {
      const { status, output } = promtool(this, ['check', 'rules', file]);
      expect(status, output).to.equal(0);
      expect(output).to.match(/SUCCESS: \d+ rules found/);
    }
  });

  it('pass their promtool unit tests, every test file', function () {
    const files = unitTestFiles();
    expect(files.map((f) => path.basename(f))).to.include('nodeprom.test.yml');
    for (const file of files) {
      const { status, output } = promtool(this, ['test', 'rules', file]);
      expect(status, `${path.relative(ROOT, file)}\n${output}`).to.equal(0);
      expect(output).to.include('SUCCESS');
    }
  });

  it('unit-test every alert both firing and silent', () => {
    const cases = new Map();
    for (const file of unitTestFiles()) {
      for (const test of YAML.parse(fs.readFileSync(file, 'utf8')).tests) {
        for (const check of test.alert_rule_test ?? []) {
          const seen = cases.get(check.alertname) ?? { fires: 0, silent: 0 };
          if ((check.exp_alerts ?? []).length > 0) seen.fires++;
          else seen.silent++;
          cases.set(check.alertname, seen);
        }
      }
    }
    for (const alert of alerts) {
      const seen = cases.get(alert.alert) ?? { fires: 0, silent: 0 };
      expect(seen.fires, `a unit test where ${alert.alert} fires`).to.be.above(0);
      expect(seen.silent, `a unit test where ${alert.alert} stays silent`).to.be.above(0);
    }
  });

  it('give every alert a severity, a for duration, a summary, a description and a runbook section', () => {
    const readme = fs.readFileSync(path.join(KIT, 'README.md'), 'utf8');
    const anchors = new Set([...readme.matchAll(/^#{2,4} (\S+)\s*$/gm)].map((m) => m[1].toLowerCase()));
    for (const alert of alerts) {
      expect(['critical', 'warning'], alert.alert).to.include(alert.labels?.severity);
      expect(alert.for, alert.alert).to.match(/^\d+[smh]$/);
      expect(alert.annotations.summary, alert.alert).to.be.a('string').and.not.equal('');
      expect(alert.annotations.description, alert.alert).to.be.a('string').and.not.equal('');
      expect(alert.annotations.runbook_url, alert.alert).to.equal(
        `observability/README.md#${alert.alert.toLowerCase()}`,
      );
      expect(
        anchors.has(alert.alert.toLowerCase()),
        `a "### ${alert.alert}" section in observability/README.md`,
      ).to.equal(true);
    }
  });

  it('name recording rules level:metric:operations', () => {
    for (const name of recordingRuleNames(ruleFiles())) {
      expect(name).to.match(/^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/);
      // The level names the labels kept; every rule keeps job (and instance unless the level is job's).
      const level = name.split(':')[0];
      expect(
        level === 'job' || level.startsWith('job_') || level === 'instance' || level.startsWith('instance_'),
        name,
      ).to.equal(true);
    }
  });

  it('use windows at least four scrape intervals wide, for any scrape interval up to a minute', () => {
    const longestScrapeInterval = 60; // Prometheus's default scrape_interval
    for (const rule of all) {
      for (const seconds of rangeSeconds(rule.expr))
        expect(seconds, `${rule.record ?? rule.alert}: ${rule.expr}`).to.be.at.least(4 * longestScrapeInterval);
    }
  });

  it('read only metrics and labels that nodeprom documents, and recording rules that exist', () => {
    const table = documentedMetrics();
    const recorded = new Set(recordingRuleNames());
    for (const rule of all) {
      for (const selector of selectors(rule.expr)) {
        const where = `${rule.record ?? rule.alert} (${rule.file}): ${selector.name}`;
        if (selector.name.includes(':')) {
          expect(recorded.has(selector.name), `${where} is a recording rule of the kit`).to.equal(true);
          continue;
        }
        if (NOT_NODEPROM.has(selector.name)) continue;
        const family = documentedFamily(table, selector.name);
        expect(family, `${where} is in docs/metrics.md`).to.not.equal(undefined);
        for (const { label } of selector.matchers)
          expect([...family.labels, ...PROMETHEUS_LABELS], `${where}: label ${label}`).to.include(label);
      }
    }
  });
});
