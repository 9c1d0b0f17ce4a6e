/** Edit distance between two names, for "did you mean" lists in error messages (cold path). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `count` candidates closest to `wanted`, nearest first. */
export function nearest(wanted: string, candidates: Iterable<string>, count = 5): string[] {
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, score: distance(wanted, candidate) }))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
