import { log } from '../log';
import { hintedAggregation, mergeHint, type MultiprocessAggregation } from '../metrics';
import type { FamilyState, SeriesState } from '../scrape-state';
import type { ProcessState } from './state';

/** The label that tells processes apart in `perprocess` families (OpenTelemetry's `process.pid`). */
export const PROCESS_PID_LABEL = 'process_pid';

interface MergingFamily {
  readonly family: FamilyState;
  readonly aggregation: MultiprocessAggregation;
  readonly series: Map<string, SeriesState>;
}

function sameNumbers(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function combine(
  name: string,
  aggregation: MultiprocessAggregation,
  previous: SeriesState,
  next: SeriesState,
): SeriesState {
  if (previous.counts !== undefined && next.counts !== undefined) {
    if (previous.counts.length !== next.counts.length || !sameNumbers(previous.ownBoundaries, next.ownBoundaries)) {
      // Processes of one service configured with different buckets: adding them would be wrong.
      log.warnOnce(
        `buckets of ${name}`,
        `processes report ${name} with different bucket boundaries; only the first process's are served. Give every process the same configuration.`,
      );
      return previous;
    }
    const counts = Array.from(previous.counts, (count, i) => count + next.counts![i]!);
    const merged: { labels: string; counts: number[]; count: number; sum?: number; ownBoundaries?: ArrayLike<number> } =
      {
        labels: previous.labels,
        counts,
        count: (previous.count ?? 0) + (next.count ?? 0),
      };
    if (previous.sum !== undefined || next.sum !== undefined) merged.sum = (previous.sum ?? 0) + (next.sum ?? 0);
    if (previous.ownBoundaries !== undefined) merged.ownBoundaries = previous.ownBoundaries;
    return merged;
  }
  const a = previous.value ?? 0;
  const b = next.value ?? 0;
  const value = aggregation === 'max' ? Math.max(a, b) : aggregation === 'min' ? Math.min(a, b) : a + b;
  return { labels: previous.labels, value };
}

function withPid(labels: string, pid: number): string {
  const label = `${PROCESS_PID_LABEL}="${pid}"`;
  return labels === '' ? label : `${labels},${label}`;
}

function aggregationOf(process: Pick<ProcessState, 'aggregations'>, family: FamilyState): MultiprocessAggregation {
  return process.aggregations[family.name] ?? hintedAggregation(family);
}

/**
 * Adds a process's families. `live` false is the archive of gone processes, where only `sum`
 * families count; `pid` labels `perprocess` series when several processes are shown.
 */
function add(
  merging: Map<string, MergingFamily>,
  source: Pick<ProcessState, 'aggregations'>,
  families: readonly FamilyState[],
  live: boolean,
  pid: number | undefined,
): void {
  for (const family of families) {
    let target = merging.get(family.name);
    const aggregation = target?.aggregation ?? aggregationOf(source, family);
    if (!live && aggregation !== 'sum') continue;
    if (target === undefined) {
      target = { family, aggregation, series: new Map() };
      merging.set(family.name, target);
    } else if (target.family.kind !== family.kind) {
      log.warnOnce(
        `kind of ${family.name}`,
        `processes report ${family.name} as a ${target.family.kind} and as a ${family.kind}; only the first is served.`,
      );
      continue;
    }
    for (const one of family.series) {
      const series =
        aggregation === 'perprocess' && pid !== undefined ? { ...one, labels: withPid(one.labels, pid) } : one;
      const previous = target.series.get(series.labels);
      target.series.set(
        series.labels,
        previous === undefined ? series : combine(family.name, aggregation, previous, series),
      );
    }
  }
}

function families(merging: Map<string, MergingFamily>): FamilyState[] {
  const result: FamilyState[] = [];
  for (const { family, aggregation, series } of merging.values()) {
    // The aggregation travels as the family's merge hint, so that a later fold knows it too.
    result.push({ ...family, merge: mergeHint(aggregation), series: [...series.values()] });
  }
  return result;
}

/**
 * Combines the states of live processes (the serving one first, so families keep its order) and
 * the archive of gone ones, each family by its aggregation.
 */
export function mergeStates(live: readonly ProcessState[], archive: readonly FamilyState[]): FamilyState[] {
  const merging = new Map<string, MergingFamily>();
  const labelProcesses = live.length > 1;
  for (const process of live)
    add(merging, process, process.state.families, true, labelProcesses ? process.pid : undefined);
  add(merging, { aggregations: {} }, archive, false, undefined);
  return families(merging);
}

/** The archive with a gone process's `sum` families added: what it counted stays in the totals. */
export function foldIntoArchive(archive: readonly FamilyState[], gone: ProcessState): FamilyState[] {
  const merging = new Map<string, MergingFamily>();
  add(merging, { aggregations: {} }, archive, false, undefined);
  add(merging, gone, gone.state.families, false, undefined);
  return families(merging);
}
