import type { Attributes } from '@opentelemetry/api';
import { log } from '../log';
import { attributesKey } from '../store';
import type { FamilyState, HistogramState, PointState, ProcessState } from './state';

/** The attribute that tells processes apart in `perprocess` families (Prometheus: `process_pid`). */
export const PROCESS_PID_ATTRIBUTE = 'process.pid';

interface MergingFamily {
  readonly family: FamilyState;
  readonly points: Map<string, PointState>;
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function addHistograms(into: HistogramState, from: HistogramState, name: string): HistogramState {
  if (!sameBoundaries(into.boundaries, from.boundaries)) {
    // Two processes of one service configured with different buckets: summing would be wrong.
    log.warnOnce(`buckets of ${name}`, `processes report ${name} with different bucket boundaries; only the buckets of the serving process are summed. Give every process the same configuration.`);
    return into;
  }
  return {
    boundaries: into.boundaries,
    counts: into.counts.map((count, i) => count + (from.counts[i] ?? 0)),
    sum: into.sum + from.sum,
    count: into.count + from.count,
  };
}

function combine(family: FamilyState, previous: PointState['value'], next: PointState['value']): PointState['value'] {
  if (typeof previous !== 'number' || typeof next !== 'number') {
    if (typeof previous === 'number' || typeof next === 'number') return previous; // kind changed between versions
    return addHistograms(previous, next, family.name);
  }
  switch (family.aggregation) {
    case 'max':
      return Math.max(previous, next);
    case 'min':
      return Math.min(previous, next);
    default:
      return previous + next;
  }
}

/**
 * Adds families into `merging`. `live` is false for the archive of gone processes: only `sum`
 * families count there. `pid` labels `perprocess` points when several processes are shown.
 */
function addFamilies(merging: Map<string, MergingFamily>, families: readonly FamilyState[], live: boolean, pid: number | undefined): void {
  for (const family of families) {
    if (!live && family.aggregation !== 'sum') continue;
    let target = merging.get(family.name);
    if (target === undefined) {
      target = { family, points: new Map() };
      merging.set(family.name, target);
    } else if (target.family.kind !== family.kind) {
      log.warnOnce(`kind of ${family.name}`, `processes report ${family.name} as a ${target.family.kind} and as a ${family.kind}; only the first is served.`);
      continue;
    }
    const aggregation = target.family.aggregation;
    for (const point of family.points) {
      let attributes: Attributes = point.attributes;
      if (aggregation === 'perprocess' && pid !== undefined) attributes = { ...attributes, [PROCESS_PID_ATTRIBUTE]: pid };
      const key = attributesKey(attributes);
      const previous = target.points.get(key);
      target.points.set(key, previous === undefined ? { attributes, value: point.value } : { attributes, value: combine(target.family, previous.value, point.value) });
    }
  }
}

/**
 * Combines the states of live processes (the serving one first, so families keep its order) and
 * the archive of gone ones, each family by its declared aggregation.
 */
export function mergeStates(live: readonly ProcessState[], archive: readonly FamilyState[]): FamilyState[] {
  const merging = new Map<string, MergingFamily>();
  const labelProcesses = live.length > 1;
  for (const state of live) addFamilies(merging, state.families, true, labelProcesses ? state.pid : undefined);
  addFamilies(merging, archive, false, undefined);
  const result: FamilyState[] = [];
  for (const { family, points } of merging.values()) result.push({ ...family, points: [...points.values()] });
  return result;
}

/** The archive with a gone process's `sum` families added: what it counted stays in the totals. */
export function foldIntoArchive(archive: readonly FamilyState[], gone: readonly FamilyState[]): FamilyState[] {
  const merging = new Map<string, MergingFamily>();
  addFamilies(merging, archive, false, undefined);
  addFamilies(merging, gone, false, undefined);
  const result: FamilyState[] = [];
  for (const { family, points } of merging.values()) result.push({ ...family, points: [...points.values()] });
  return result;
}
