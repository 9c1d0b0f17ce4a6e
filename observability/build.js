'use strict';
// Writes the kit's generated files (npm run observability:build):
// - grafana/nodeprom.json, the dashboard, from grafana/rows/*.js;
// - prometheus/examples/kubernetes/prometheusrule.yml, the rule files wrapped in a Prometheus
//   Operator PrometheusRule.
// Tests check that both are current.
const fs = require('node:fs');
const { buildDashboard, serialize, DASHBOARD_FILE } = require('./grafana/dashboard');
const { buildPrometheusRule, PROMETHEUS_RULE_FILE } = require('./prometheus/prometheus-rule');

fs.writeFileSync(DASHBOARD_FILE, serialize(buildDashboard()));
fs.writeFileSync(PROMETHEUS_RULE_FILE, buildPrometheusRule());
process.stdout.write(`wrote ${DASHBOARD_FILE}\nwrote ${PROMETHEUS_RULE_FILE}\n`);
