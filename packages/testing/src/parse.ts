/*
 * Sample lines of both text formats nodeprom serves, Prometheus 0.0.4 and OpenMetrics 1.0.0. Hand
 * written, because the npm parsers do not fit: parse-prometheus-text-format (1.1.1, the one most
 * used) folds a histogram's `_count` and `_sum` into one object and drops their labels, and reads an
 * OpenMetrics counter (`# TYPE foo counter` with `foo_total` samples) or an exemplar wrongly. Tests
 * ask about samples by the name they are exposed under (`..._count`, `..._total`), so this parser
 * keeps exactly that: every sample line with its name, labels and value; comments (`# HELP`,
 * `# TYPE`, `# UNIT`, `# EOF`), timestamps and exemplars are read past.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string, line: string): number {
  switch (text) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    default: {
      const value = Number(text);
      if (text === '' || Number.isNaN(value))
        throw new Error(`not a sample value: ${JSON.stringify(text)} in ${JSON.stringify(line)}`);
      return value;
    }
  }
}

/** Reads `{a="x",b="y"}` from `line` at `start` (just after `{`); returns the labels and the index after `}`. */
function parseLabels(line: string, start: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let at = start;
  for (;;) {
    while (line[at] === ' ' || line[at] === ',') at++;
    if (line[at] === '}') return [labels, at + 1];
    const name = LABEL_NAME.exec(line.slice(at));
    if (name === null || line[at + name[0].length] !== '=' || line[at + name[0].length + 1] !== '"') {
      throw new Error(`unparsable labels in ${JSON.stringify(line)}`);
    }
    at += name[0].length + 2;
    let value = '';
    for (;;) {
      const c = line[at];
      if (c === undefined) throw new Error(`unterminated label value in ${JSON.stringify(line)}`);
      if (c === '"') break;
      if (c === '\\') {
        const next = line[at + 1];
        value += next === 'n' ? '\n' : next;
        at += 2;
      } else {
        value += c;
        at++;
      }
    }
    labels[name[0]] = value;
    at++;
  }
}

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = NAME.exec(line);
    if (name === null) throw new Error(`unparsable exposition line: ${JSON.stringify(line)}`);
    let at = name[0].length;
    let labels: Record<string, string> = {};
    if (line[at] === '{') [labels, at] = parseLabels(line, at + 1);
    // After the value: an optional timestamp, and in OpenMetrics an optional exemplar (` # {...} v`).
    const rest = line.slice(at).trim();
    const space = rest.indexOf(' ');
    samples.push({ name: name[0], labels, value: parseValue(space === -1 ? rest : rest.slice(0, space), line) });
  }
  return samples;
}
