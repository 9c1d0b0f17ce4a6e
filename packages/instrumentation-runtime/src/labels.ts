/** Label sets cached beyond this many values are made afresh at each scrape instead. */
const MAX_CACHED = 64;

/**
 * Frozen one-label attribute sets by value, made once: heap space names and resource types repeat at
 * every scrape. The cache is bounded, so an unexpected stream of values cannot grow it.
 */
export function labelSets(label: string): (value: string) => Readonly<Record<string, string>> {
  const cache = new Map<string, Readonly<Record<string, string>>>();
  return (value) => {
    let attributes = cache.get(value);
    if (attributes === undefined) {
      attributes = Object.freeze({ [label]: value });
      if (cache.size < MAX_CACHED) cache.set(value, attributes);
    }
    return attributes;
  };
}
