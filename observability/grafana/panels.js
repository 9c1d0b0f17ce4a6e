'use strict';
// Builders for the dashboard's panels, so that every panel gets the same datasource variable,
// scoping to the dashboard's job/instance variables, and legend and tooltip settings. The rows
// in rows/*.js describe what each panel shows; build.js lays them out and writes the JSON.

/** Every panel and query reads from the dashboard's datasource variable: no uid is hard-coded. */
const DATASOURCE = Object.freeze({ type: 'prometheus', uid: '${datasource}' });

/** `name{job=~"$job", instance=~"$instance", …extra}`: a recording rule scoped to the selection. */
function scoped(name, ...extra) {
  return `${name}{${['job=~"$job"', 'instance=~"$instance"', ...extra].join(', ')}}`;
}

function targets(queries) {
  return queries.map(({ expr, legend }, index) => ({
    datasource: DATASOURCE,
    editorMode: 'code',
    expr,
    legendFormat: legend ?? '__auto',
    range: true,
    refId: String.fromCharCode(65 + index),
  }));
}

/** A time series panel. `queries`: [{ expr, legend }]. */
function timeseries({ title, description, unit, queries, width = 12, min = 0, max }) {
  const defaults = {
    color: { mode: 'palette-classic' },
    custom: {
      drawStyle: 'line',
      lineInterpolation: 'linear',
      lineWidth: 1,
      fillOpacity: 10,
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: 'none', group: 'A' },
    },
    unit,
    min,
  };
  if (max !== undefined) defaults.max = max;
  return {
    type: 'timeseries',
    title,
    description,
    datasource: DATASOURCE,
    width,
    fieldConfig: { defaults, overrides: [] },
    options: {
      legend: { calcs: ['mean', 'max'], displayMode: 'table', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: targets(queries),
  };
}

/** A single-value panel with green/red thresholds at `red` (omit for no threshold). */
function stat({ title, description, unit, queries, width = 6, red }) {
  const steps = [{ color: 'green', value: null }];
  if (red !== undefined) steps.push({ color: 'red', value: red });
  return {
    type: 'stat',
    title,
    description,
    datasource: DATASOURCE,
    width,
    fieldConfig: {
      defaults: { unit, thresholds: { mode: 'absolute', steps }, color: { mode: 'thresholds' } },
      overrides: [],
    },
    options: {
      colorMode: 'value',
      graphMode: 'area',
      justifyMode: 'auto',
      orientation: 'auto',
      textMode: 'auto',
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
    targets: targets(queries),
  };
}

module.exports = { DATASOURCE, scoped, timeseries, stat };
