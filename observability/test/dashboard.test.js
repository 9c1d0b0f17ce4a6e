'use strict';
// The Grafana dashboard, validated as Grafana would import it (Grafana itself is not installable
// here: Debian's default repositories have no grafana package): it parses, it is the build of
// rows/*.js, every panel and query reads from the datasource variable, the job and instance
// variables exist, and every query is valid PromQL built only on the kit's recording rules. The
// end-to-end test runs the same queries (panelExpressions) against a real Prometheus.
const fs = require('node:fs');
const { expect } = require('chai');
const { buildDashboard, allPanels, panelExpressions, serialize, DASHBOARD_FILE } = require('../grafana/dashboard');
const { ruleFiles, recordingRuleNames, selectors } = require('./kit');

const VARIABLE_DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Grafana's `$variables` as Grafana would substitute them, so that the query parses as PromQL. */
const substitute = (expr) => expr.replaceAll('$job', 'shop').replaceAll('$instance', '10.0.0.5:9464');

/** Every `datasource` object anywhere in the JSON, with where it is. */
function datasources(value, where = '', found = []) {
  if (Array.isArray(value)) value.forEach((item, i) => datasources(item, `${where}[${i}]`, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'datasource') found.push({ where: `${where}.${key}`, datasource: child });
      datasources(child, `${where}.${key}`, found);
    }
  }
  return found;
}

function checkBuiltOnRules(dashboard, ruleNames) {
  const recorded = new Set(ruleNames);
  for (const { panel, expr } of panelExpressions(dashboard)) {
    const found = selectors(substitute(expr));
    expect(found.length, `${panel}: ${expr}`).to.be.above(0);
    for (const { name } of found) {
      if (name === undefined) continue; // vector(0) and the like
      expect(recorded.has(name), `${panel}: ${name} is one of the kit's recording rules`).to.equal(true);
    }
  }
}

describe('the Grafana dashboard of the observability kit', () => {
  const text = fs.readFileSync(DASHBOARD_FILE, 'utf8');
  const dashboard = JSON.parse(text);

  it('is the current build of its rows (npm run observability:build)', () => {
    expect(text).to.equal(serialize(buildDashboard()));
  });

  it('is a dashboard of the current schema with a fixed uid and no hard-coded datasource', () => {
    expect(dashboard.schemaVersion).to.be.at.least(39);
    expect(dashboard.uid).to.equal('nodeprom');
    expect(dashboard.id).to.equal(null);
    expect(dashboard).to.not.have.property('__inputs');
    for (const { where, datasource } of datasources(dashboard)) {
      if (where.startsWith('.annotations'))
        expect(datasource, where).to.deep.equal({ type: 'grafana', uid: '-- Grafana --' });
      else expect(datasource, where).to.deep.equal(VARIABLE_DATASOURCE);
    }
  });

  it('has a datasource variable and job and instance variables that read through it', () => {
    const variables = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    expect(variables.datasource).to.include({ type: 'datasource', query: 'prometheus' });
    for (const name of ['job', 'instance']) {
      expect(variables[name]).to.include({ type: 'query', multi: true, includeAll: true });
      expect(variables[name].datasource).to.deep.equal(VARIABLE_DATASOURCE);
      expect(variables[name].definition).to.match(/^label_values\(instance:target_info:seen/);
    }
    expect(variables.instance.definition).to.include('job=~"$job"');
  });

  it('has the HTTP, SQL, Redis, Migrations and Runtime rows, each with panels', () => {
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows.slice(0, 4)).to.deep.equal(['HTTP', 'SQL', 'Redis', 'Migrations']);
    expect(rows).to.include('Runtime');
  });

  it('gives every panel a unique id, a place on the grid that overlaps no other, and queries through the datasource variable', () => {
    const panels = allPanels(dashboard);
    expect(new Set(panels.map((p) => p.id)).size).to.equal(panels.length);
    const cells = new Set();
    for (const panel of panels) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).to.be.at.most(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${panel.title} overlaps another panel`).to.equal(false);
          cells.add(`${i},${j}`);
        }
      if (panel.type === 'row') continue;
      expect(panel.datasource, panel.title).to.deep.equal(VARIABLE_DATASOURCE);
      expect(panel.targets.length, panel.title).to.be.above(0);
      for (const target of panel.targets) {
        expect(target.datasource, panel.title).to.deep.equal(VARIABLE_DATASOURCE);
        expect(target.expr, panel.title)
          .to.be.a('string')
          .and.match(/\{job=~"\$job", instance=~"\$instance"/);
      }
    }
  });

  it('queries only through the recording rules, in valid PromQL, every query one the end-to-end test runs', () => {
    // panelExpressions is what e2e.test.js runs; it must see every target of every panel.
    const targets = allPanels(dashboard)
      .flatMap((p) => p.targets ?? [])
      .map((t) => t.expr);
    expect(panelExpressions(dashboard).map((e) => e.expr)).to.deep.equal(targets);
    checkBuiltOnRules(dashboard, recordingRuleNames(ruleFiles()));
  });
});
