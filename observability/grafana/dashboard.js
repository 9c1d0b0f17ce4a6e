'use strict';
// Assembles the Grafana dashboard from the rows in rows/*.js (file names sort the rows): lays
// panels out on Grafana's 24-column grid, numbers them, and adds the datasource, job and instance
// variables. `npm run observability:build` writes nodeprom.json; a test checks it is current.
const fs = require('node:fs');
const path = require('node:path');
const panels = require('./panels');

const { DATASOURCE } = panels;
const ROWS = path.join(__dirname, 'rows');
const PANEL_HEIGHT = 8;
const STAT_HEIGHT = 4;
/** Grafana 11's dashboard schema; older Grafana (10.x) imports it as well. */
const SCHEMA_VERSION = 39;
/** The variables list targets that served nodeprom (see the nodeprom-targets rule group). */
const TARGETS = 'instance:target_info:seen';

/** The rows of rows/*.js, sorted by file name. */
function rows() {
  return fs
    .readdirSync(ROWS)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => require(path.join(ROWS, file))(panels));
}

function queryVariable(name, label, query) {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    definition: query,
    query: { qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    sort: 1,
    multi: true,
    includeAll: true,
    current: {},
    options: [],
    regex: '',
    hide: 0,
    skipUrlSync: false,
  };
}

function templating() {
  return {
    list: [
      {
        name: 'datasource',
        label: 'Data source',
        type: 'datasource',
        query: 'prometheus',
        current: {},
        options: [],
        regex: '',
        refresh: 1,
        multi: false,
        includeAll: false,
        hide: 0,
        skipUrlSync: false,
      },
      queryVariable('job', 'Job', `label_values(${TARGETS}, job)`),
      queryVariable('instance', 'Instance', `label_values(${TARGETS}{job=~"$job"}, instance)`),
    ],
  };
}

/** Row panels followed by their panels, placed left to right and wrapped at 24 columns. */
function layout(rowList) {
  const panels = [];
  let id = 1;
  let y = 0;
  for (const row of rowList) {
    panels.push({
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      id: id++,
      panels: [],
    });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const { width, ...panel } of row.panels) {
      const h = panel.type === 'stat' ? STAT_HEIGHT : PANEL_HEIGHT;
      if (x + width > 24) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      panels.push({ ...panel, id: id++, gridPos: { h, w: width, x, y } });
      x += width;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return panels;
}

function buildDashboard() {
  return {
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description:
      'nodeprom: HTTP, SQL, Redis, knex migrations, the runtime and the scrape itself of Node.js apps, built on the nodeprom recording rules.',
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [],
    panels: layout(rows()),
    refresh: '30s',
    schemaVersion: SCHEMA_VERSION,
    tags: ['nodeprom', 'nodejs', 'prometheus'],
    templating: templating(),
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: '',
    title: 'nodeprom',
    uid: 'nodeprom',
    version: 1,
    weekStart: '',
  };
}

/** Every panel of a dashboard, including those inside collapsed rows. */
function allPanels(dashboard) {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every PromQL expression of the dashboard's panels, with the panel title each comes from. */
function panelExpressions(dashboard) {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
  );
}

const DASHBOARD_FILE = path.join(__dirname, 'nodeprom.json');

function serialize(dashboard) {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

module.exports = { buildDashboard, allPanels, panelExpressions, serialize, DASHBOARD_FILE, TARGETS };
