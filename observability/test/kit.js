'use strict';
// What the observability tests share: where the rule files are, reading them, the PromQL
// selectors of an expression (with Prometheus's own PromQL grammar, @prometheus-io/lezer-promql),
// and the metric table of docs/metrics.md.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { parser } = require('@prometheus-io/lezer-promql');

const KIT = path.resolve(__dirname, '..');
const ROOT = path.resolve(KIT, '..');
const RULES_DIR = path.join(KIT, 'prometheus', 'rules');
const TESTS_DIR = path.join(KIT, 'prometheus', 'tests');

const yamlFiles = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];

/** The rule files Prometheus loads: every YAML file of prometheus/rules. */
function ruleFiles() {
  return yamlFiles(RULES_DIR);
}

/** The promtool unit-test files: every YAML file of prometheus/tests. */
function unitTestFiles() {
  return yamlFiles(TESTS_DIR);
}

/** Every rule of the files, each with its group and file. */
function rules(files = ruleFiles()) {
  return files.flatMap((file) =>
    YAML.parse(fs.readFileSync(file, 'utf8')).groups.flatMap((group) =>
      group.rules.map((rule) => ({ ...rule, group: group.name, file: path.relative(ROOT, file) })),
    ),
  );
}

/** Names of the recording rules of the files (one name may have several rules, e.g. quantiles). */
function recordingRuleNames(files) {
  return [
    ...new Set(
      rules(files)
        .filter((rule) => rule.record)
        .map((rule) => rule.record),
    ),
  ];
}

/**
 * The vector selectors of a PromQL expression: [{ name, matchers: [{ label, op, value }] }].
 * Throws when the expression does not parse. Grafana's `$variables` must be replaced first.
 */
function selectors(expr) {
  const tree = parser.parse(expr);
  const found = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL syntax error at ${cursor.from} in: ${expr}`);
    if (cursor.name !== 'VectorSelector') continue;
    const node = cursor.node;
    const identifier = node.getChild('Identifier');
    const selector = { name: identifier ? expr.slice(identifier.from, identifier.to) : undefined, matchers: [] };
    const list = node.getChild('LabelMatchers');
    for (const matcher of list ? list.getChildren('UnquotedLabelMatcher') : []) {
      const text = (child) => {
        const n = matcher.getChild(child);
        return n ? expr.slice(n.from, n.to) : undefined;
      };
      selector.matchers.push({
        label: text('LabelName'),
        op: text('MatchOp'),
        value: JSON.parse(text('StringLiteral')),
      });
    }
    found.push(selector);
  } while (cursor.next());
  return found;
}

/**
 * The metric tables of docs/metrics.md: metric name → { type, labels }. Columns are found by their
 * header (`type`, `labels`), so tables of other shapes (another naming profile) read alike; a name
 * listed twice keeps its first row.
 */
function documentedMetrics() {
  const table = new Map();
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'metrics.md'), 'utf8');
  let columns;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.split('|').map((cell) => cell.trim());
    if (!columns) {
      columns = { type: cells.indexOf('type'), labels: cells.indexOf('labels') };
      continue;
    }
    const name = /^`([a-z_:][a-z0-9_:]*)`$/.exec(cells[1] ?? '');
    if (!name || table.has(name[1]) || columns.type < 0 || columns.labels < 0) continue;
    const labels = [...(cells[columns.labels] ?? '').matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((m) => m[1]);
    table.set(name[1], { type: cells[columns.type], labels });
  }
  return table;
}

module.exports = {
  KIT,
  ROOT,
  RULES_DIR,
  TESTS_DIR,
  ruleFiles,
  unitTestFiles,
  rules,
  recordingRuleNames,
  selectors,
  documentedMetrics,
};
