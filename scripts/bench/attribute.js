'use strict';
// node scripts/bench/attribute.js <pg|mysql2|ioredis> [variant] [top] [callee pattern]
// Where a data layer's instructions per operation go, function by function: the loop of
// instructions.js runs under callgrind (counting only the measured operations, 4 000 and 12 000 of
// them, the difference divided by 8 000), with node writing its JIT code map (--perf-basic-prof),
// so the cost of V8-compiled code is named by its JS function (`LazyCompile:*name file:line`) and
// that of node's and V8's own code by its symbol (`Builtins_KeyedHasIC_Megamorphic`, ...).
// Prints the `top` (default 40) functions by self cost, then, for each of the builtins and
// runtime functions among them (or those matching the pattern, e.g. 'HasIC|Megamorphic'), which JS
// functions call them and how often per operation.
//
// variant: bare, nodeprom (default), or a directory of another built tree (its auto-register).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { underCallgrind, withServicesPinned } = require('./harness');

const SMALL = 4000;
const LARGE = 12000;
const WARMUP = 10000;

function preload(variant) {
  if (variant === 'bare') return [];
  if (variant === 'nodeprom') return ['--require', '@nodeprom/auto-register'];
  return ['--require', path.resolve(variant, 'packages/auto-register')];
}

/** Runs the loop under callgrind; returns the callgrind output file and node's perf map. */
function run(loop, execArgv, ops, dir) {
  const out = path.join(dir, `callgrind.${ops}`);
  const result = underCallgrind(
    loop,
    execArgv,
    ops,
    WARMUP,
    ['--dump-instr=yes', '--dump-line=no', `--callgrind-out-file=${out}`],
    ['--perf-basic-prof'],
  );
  const pid = /==(\d+)==/.exec(result.stderr);
  if (!pid) throw new Error(`${loop}: no pid in valgrind's output:\n${result.stderr}`);
  const map = `/tmp/perf-${pid[1]}.map`;
  const perfMap = readPerfMap(map);
  fs.rmSync(map, { force: true });
  return { file: out, perfMap };
}

/** node's perf map: sorted [start, end, name] ranges of JIT code. */
function readPerfMap(file) {
  const ranges = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (match) ranges.push([parseInt(match[1], 16), parseInt(match[1], 16) + parseInt(match[2], 16), match[3]]);
  }
  // A later entry for the same address (code moved or replaced) wins.
  ranges.sort((a, b) => a[0] - b[0]);
  return ranges;
}

function jitName(ranges, address) {
  let low = 0;
  let high = ranges.length - 1;
  let found;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranges[mid][0] <= address) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found === undefined) return undefined;
  // Ranges of replaced code can overlap: take the latest start that still covers the address.
  for (let i = found; i >= 0 && i > found - 8; i--) if (address < ranges[i][1]) return ranges[i][2];
  return undefined;
}

/**
 * Self cost per function name and call counts per (caller, callee), from a callgrind file written
 * with --dump-instr=yes --dump-line=no (positions: instr). JIT code, which callgrind names by
 * address, is named through the perf map.
 */
function parse({ file, perfMap }) {
  const self = new Map();
  const calls = new Map();
  const names = new Map();
  let fn = '';
  let cfn = '';
  let last = 0;
  let pendingCall = -1;
  const nameOf = (text) => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(text);
    if (!match) return text;
    // fn= and cfn= share one table of compressed names.
    if (match[2] !== undefined) names.set(match[1], match[2]);
    return names.get(match[1]);
  };
  const label = (name, address) => {
    if (!/^0x[0-9a-f]+$/.test(name)) return name;
    return jitName(perfMap, address) ?? 'unknown JIT code';
  };
  // A position is a number (decimal, or hex after 0x), or relative to the last one (+n, -n, *).
  const number = (text) => (text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10));
  const position = (text) => {
    if (text === '*') return last;
    if (text[0] === '+') return last + number(text.slice(1));
    if (text[0] === '-') return last - number(text.slice(1));
    return number(text);
  };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) fn = nameOf(line.slice(3));
    else if (line.startsWith('cfn=')) cfn = nameOf(line.slice(4));
    else if (line.startsWith('calls=')) pendingCall = Number(line.slice(6).split(' ')[0]);
    else if (/^(0x|[0-9+*-])/.test(line)) {
      const [at, cost] = line.split(' ');
      const address = position(at);
      last = address;
      const caller = label(fn, address);
      if (pendingCall >= 0) {
        const key = `${caller}\u0000${cfn}`;
        calls.set(key, (calls.get(key) ?? 0) + pendingCall);
        pendingCall = -1;
      } else {
        self.set(caller, (self.get(caller) ?? 0) + Number(cost ?? 0));
      }
    }
  }
  return { self, calls };
}

function perOp(small, large) {
  const result = new Map();
  for (const [key, value] of large) result.set(key, (value - (small.get(key) ?? 0)) / (LARGE - SMALL));
  for (const [key, value] of small) if (!large.has(key)) result.set(key, -value / (LARGE - SMALL));
  return result;
}

async function main() {
  const [name = 'pg', variant = 'nodeprom', top = '40', pattern] = process.argv.slice(2);
  const loop = path.join(__dirname, `${name}-loop.js`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-attribute-'));
  let small;
  let large;
  await withServicesPinned(async () => {
    small = parse(run(loop, preload(variant), SMALL, dir));
    large = parse(run(loop, preload(variant), LARGE, dir));
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const self = [...perOp(small.self, large.self)].sort((a, b) => b[1] - a[1]);
  const total = self.reduce((sum, [, value]) => sum + value, 0);
  process.stdout.write(`${name} ${variant}: ${Math.round(total)} instructions per operation\n`);
  for (const [fn, value] of self.slice(0, Number(top)))
    process.stdout.write(`${value.toFixed(1).padStart(9)}  ${fn}\n`);
  const callCounts = perOp(small.calls, large.calls);
  const shown = new Set(self.slice(0, Number(top)).map(([fn]) => fn));
  const wanted = pattern !== undefined ? (callee) => new RegExp(pattern).test(callee) : (callee) => shown.has(callee);
  if (pattern !== undefined)
    for (const [fn, value] of self)
      if (wanted(fn) && !shown.has(fn)) process.stdout.write(`${value.toFixed(1).padStart(9)}  ${fn}\n`);
  process.stdout.write('\ncalls per operation into native code, by JS caller:\n');
  for (const [key, value] of [...callCounts].sort((a, b) => b[1] - a[1])) {
    const [caller, callee] = key.split('\u0000');
    if (value < 0.5 || !wanted(callee) || /^[A-Z]/.test(caller) === false || !caller.includes(':')) continue;
    if (caller.startsWith('Builtin') || caller.startsWith('Bytecode')) continue;
    process.stdout.write(`${value.toFixed(2).padStart(7)}  ${callee}  <-  ${caller}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
