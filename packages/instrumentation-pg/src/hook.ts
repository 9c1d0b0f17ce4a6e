import { LayerSwitch, permanentPatch } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { learnConnectionParameters, type PgEvents } from './events';
import { patchClient, patchPool, trackedQuery } from './patches';

/*
 * How pg is hooked, and which versions. pg publishes no diagnostics channel, so its internal files
 * are patched when they are required. Internal files (not the `pg` entry point) because an ESM app's
 * `import pg` loads pg/lib/index.js through the ESM loader, which require-time hooks cannot see,
 * while that file's own require() calls of client.js, query.js and pg-pool go through the CommonJS
 * loader.
 *
 * - pg/lib/query.js: replaced by a subclass of Query that reports its completion (success in
 *   handleReadyForQuery, failure in handleError). Client#query builds its Query with the class
 *   client.js captured at load time, so the subclass is the only way to reach that object.
 * - pg/lib/client.js: Client#query hands the client and config to the Query it is about to build
 *   (synchronously, through module state), and watches other Submittables (pg-cursor,
 *   pg-query-stream) itself; Client#_connect times connection attempts.
 * - pg-pool: connect() times the wait for a client, end() stops the pool's gauges.
 *
 * Patches are permanent for the process; they report to `pgSwitch.current`, undefined while no
 * PgInstrumentation is enabled, and then pass calls straight through.
 */

/** The versions this layer hooks: the test matrix and the README's table are checked against these. */
export const VERSIONS = { pg: '>=8.0.0 <9', 'pg-pool': '>=3.0.0 <4' } as const;
export const PG_VERSIONS = VERSIONS.pg;
export const PG_POOL_VERSIONS = VERSIONS['pg-pool'];

/** Where the patches report: the enabled PgInstrumentation's events. */
export const pgSwitch = new LayerSwitch<PgEvents>();

/** The files patched, per package and versions (VERSIONS above). */
export function pgModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('pg', [PG_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile('pg/lib/query.js', [PG_VERSIONS], trackedQuery, permanentPatch),
      new InstrumentationNodeModuleFile('pg/lib/client.js', [PG_VERSIONS], patchClient, permanentPatch),
      new InstrumentationNodeModuleFile(
        'pg/lib/connection-parameters.js',
        [PG_VERSIONS],
        learnConnectionParameters,
        permanentPatch,
      ),
    ]),
    new InstrumentationNodeModuleDefinition('pg-pool', [PG_POOL_VERSIONS], patchPool, permanentPatch),
  ];
}
