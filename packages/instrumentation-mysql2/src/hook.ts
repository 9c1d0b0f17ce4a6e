import { LayerSwitch, patchOnce, permanentPatch } from '@nodeprom/core';
import type { Mysql2Events } from './events';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';

/*
 * How mysql2 is hooked, and nothing else. mysql2 3.20 and later publish diagnostics_channel tracing
 * channels, which need no patch, no require hook and no care about load order; older 3.x releases
 * get require-time patches of three internal files (`lib/connection.js`, `lib/pool.js`,
 * `lib/commands/client_handshake.js`), which every entry point (`mysql2`, `mysql2/promise`,
 * CommonJS or ESM) loads through `require`, so an ESM app is covered without a loader hook.
 */

/** The versions this layer hooks: the test matrix and the README's table are checked against these. */
export const VERSIONS = { mysql2: '>=3.0.0 <4' } as const;
/** Every mysql2 release this layer supports. */
export const SUPPORTED_VERSIONS = VERSIONS.mysql2;
/** Releases without tracing channels: patched. */
export const PATCHED_VERSIONS = '>=3.0.0 <3.20.0';

/** Where the patches and channel subscribers report: the enabled Mysql2Instrumentation's events. */
export const mysql2Switch = new LayerSwitch<Mysql2Events>();

/** Tracing channel names as mysql2 3.20+ creates them (`lib/tracing.js`). */
export const QUERY_CHANNEL = 'mysql2:query';
export const EXECUTE_CHANNEL = 'mysql2:execute';
export const CONNECT_CHANNEL = 'mysql2:connect';
export const POOL_CONNECT_CHANNEL = 'mysql2:pool:connect';

export interface Patches {
  /** Patches the class `lib/connection.js` exports (its prototype chain holds query, execute…). */
  connection(exports: object): void;
  /** Patches the class `lib/commands/client_handshake.js` exports. */
  clientHandshake(exports: object): void;
  /** Patches the class `lib/pool.js` exports. */
  pool(exports: object): void;
}

/** Module definitions for the patched releases (`versions`: PATCHED_VERSIONS, or all of them to measure patching). */
export function mysql2ModuleDefinitions(versions: string, patches: Patches): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('mysql2', [versions], undefined, undefined, [
      new InstrumentationNodeModuleFile(
        'mysql2/lib/connection.js',
        [versions],
        (exports: unknown) => patchOnce(exports, patches.connection),
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'mysql2/lib/commands/client_handshake.js',
        [versions],
        (exports: unknown) => patchOnce(exports, patches.clientHandshake),
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'mysql2/lib/pool.js',
        [versions],
        (exports: unknown) => patchOnce(exports, patches.pool),
        permanentPatch,
      ),
    ]),
  ];
}
