import { LayerSwitch, patchOnce, permanentPatch } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import type { Method } from './driver-types';
import type { KnexEvents } from './events';
import { patchClient, patchListResolver, patchMakeKnex, patchMigrator, patchMysqlDialect } from './patches';

/*
 * How knex is hooked, and which versions. Knex publishes no diagnostics channels, so five internal
 * files are patched at require time (an ESM app's `import 'knex'` loads them with require too).
 * Their layout is the same from 2.0 to 3.3; the range is closed so a knex 4 with another layout is
 * left alone. Patches are permanent for the process; they report to `knexSwitch.current`, undefined
 * while no KnexInstrumentation is enabled.
 */

/** The versions this layer hooks: the test matrix and the README's table are checked against these. */
export const VERSIONS = { knex: '>=2.0.0 <4' } as const;
export const KNEX_VERSIONS = [VERSIONS.knex];

/** Where the patches report: the enabled KnexInstrumentation's events. */
export const knexSwitch = new LayerSwitch<KnexEvents>();

/** The files patched, per package and versions (VERSIONS above). */
export function knexModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('knex', KNEX_VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile(
        'knex/lib/migrations/migrate/Migrator.js',
        KNEX_VERSIONS,
        (exports: { Migrator?: { prototype: Record<string, unknown> } }) => {
          patchOnce(exports.Migrator?.prototype, patchMigrator);
          return exports;
        },
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'knex/lib/migrations/migrate/migration-list-resolver.js',
        KNEX_VERSIONS,
        (exports: Record<string, unknown>) => patchOnce(exports, patchListResolver),
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'knex/lib/knex-builder/make-knex.js',
        KNEX_VERSIONS,
        (makeKnex: Method) => patchMakeKnex(makeKnex),
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'knex/lib/client.js',
        KNEX_VERSIONS,
        (exports: { prototype?: Record<string, unknown> }) => {
          patchOnce(exports.prototype, patchClient);
          return exports;
        },
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'knex/lib/dialects/mysql/index.js',
        KNEX_VERSIONS,
        (exports: { prototype?: Record<string, unknown> }) => {
          patchOnce(exports.prototype, patchMysqlDialect);
          return exports;
        },
        permanentPatch,
      ),
    ]),
  ];
}
