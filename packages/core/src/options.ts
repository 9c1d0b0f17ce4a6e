import { LAYER_NAMES, RUNTIME_METRICS_NAMES, type NodepromConfig } from './config';
import { log, LOG_LEVEL_ALIASES } from './log';

/**
 * Options given in code to `registerInstrumentations`, checked like the environment variables: a
 * bad value gets one warning naming the option (not the variable) and what it accepts, and the
 * value from the environment or the default takes its place. Cold: runs once, at start.
 */
type Check = { readonly accepts: string; readonly valid: (value: unknown) => boolean };

const isInteger = (min: number, max: number) => (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const isBuckets = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (bound, i) =>
      typeof bound === 'number' && Number.isFinite(bound) && bound > 0 && (i === 0 || bound > (value[i - 1] as number)),
  );

const isPath = (value: unknown): boolean => typeof value === 'string' && value.startsWith('/') && !/[\s?#]/.test(value);

const CHECKS: { readonly [Key in keyof NodepromConfig]-?: Check } = {
  host: {
    accepts: 'a non-empty string (an interface address or host name)',
    valid: (v) => typeof v === 'string' && v.trim() !== '',
  },
  port: { accepts: 'an integer from 0 to 65535', valid: isInteger(0, 65535) },
  serve: { accepts: 'true or false', valid: (v) => typeof v === 'boolean' },
  webConfigFile: { accepts: 'a file path', valid: (v) => typeof v === 'string' && v !== '' },
  path: { accepts: 'a path starting with /', valid: isPath },
  prefix: {
    accepts: 'a name matching [a-zA-Z_][a-zA-Z0-9_]* with a letter or digit in it',
    valid: (v) => typeof v === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v) && /[a-zA-Z0-9]/.test(v),
  },
  layers: {
    accepts: `a Set of ${LAYER_NAMES.join(', ')}`,
    valid: (v) => v instanceof Set && [...v].every((layer) => (LAYER_NAMES as readonly unknown[]).includes(layer)),
  },
  httpDurationBuckets: { accepts: 'an array of increasing positive numbers of seconds', valid: isBuckets },
  dbDurationBuckets: { accepts: 'an array of increasing positive numbers of seconds', valid: isBuckets },
  httpExclude: {
    accepts: 'an array of route templates or paths, each starting with /',
    valid: (v) => Array.isArray(v) && v.every(isPath),
  },
  knexMigrationsCheck: { accepts: 'true or false', valid: (v) => typeof v === 'boolean' },
  runtimeMetricsNames: {
    accepts: `one of ${RUNTIME_METRICS_NAMES.join(', ')}`,
    valid: (v) => (RUNTIME_METRICS_NAMES as readonly unknown[]).includes(v),
  },
  logLevel: {
    accepts: 'none, error, warn, info or debug',
    valid: (v) => typeof v === 'string' && LOG_LEVEL_ALIASES[v] === v,
  },
  portRange: {
    accepts: '{ from, to }: two ports from 1 to 65535, from not above to',
    valid: (v) => {
      const range = v as { from?: unknown; to?: unknown } | null;
      return (
        typeof range === 'object' &&
        range !== null &&
        isInteger(1, 65535)(range.from) &&
        isInteger(1, 65535)(range.to) &&
        (range.from as number) <= (range.to as number)
      );
    },
  },
  multiprocessDir: { accepts: 'a directory path', valid: (v) => typeof v === 'string' && v !== '' },
  multiprocessTimeoutMs: { accepts: 'an integer from 1 to 60000 (milliseconds)', valid: isInteger(1, 60000) },
  maxSeriesPerMetric: { accepts: 'an integer from 1 to 1000000', valid: isInteger(1, 1_000_000) },
};

function shown(value: unknown): string {
  if (value instanceof Set) return `Set(${JSON.stringify([...value])})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * `base` (the environment's configuration) with every valid option of `given` applied. Unknown
 * keys are warned about too, since a typo in an option name would otherwise be silently ignored.
 */
export function applyOptions(base: NodepromConfig, given: Readonly<Record<string, unknown>>): NodepromConfig {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const check = (CHECKS as Readonly<Record<string, Check>>)[key];
    if (check === undefined) {
      log.warn(
        `registerInstrumentations option ${key} is not an option nodeprom knows; it is ignored. The options are ${Object.keys(CHECKS).join(', ')}, instrumentations and loadLayer.`,
      );
      continue;
    }
    if (!check.valid(value)) {
      log.warn(
        `registerInstrumentations option ${key}=${shown(value)} is not valid: expected ${check.accepts}; using ${shown(result[key])}.`,
      );
      continue;
    }
    result[key] = key === 'prefix' ? (value as string).replace(/_+$/, '') : value;
  }
  return result as unknown as NodepromConfig;
}
