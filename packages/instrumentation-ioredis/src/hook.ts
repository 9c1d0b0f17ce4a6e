import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { LayerSwitch, permanentPatch } from '@nodeprom/core';
import type { RedisEvents } from './events';
import { patchRedis } from './patches';

/*
 * How ioredis is hooked, and which versions: three methods of `Redis.prototype` in
 * `ioredis/built/Redis.js`, patched when that file is first required (patches.ts). ioredis' index
 * requires it with `require`, also when an ESM app imports ioredis, so no loader hook is needed.
 * Cluster nodes and sentinel clients are `Redis` instances of the same file, so they are covered
 * with their own addresses.
 *
 * ioredis 5.11+ also publishes `ioredis:command` / `ioredis:batch` / `ioredis:connect` tracing
 * channels. They are not used: once subscribed, ioredis builds a context per command (sanitized
 * copies of the arguments) and wraps its promise; measured in-process, a GET costs ~0.8 µs more with
 * an empty subscriber, against ~0.2 µs more with this patch recording everything. Commands that fail
 * before being written (MaxRetriesPerRequestError from the offline queue) never reach the channel.
 *
 * Patching is permanent for the process: the patches report to `ioredisSwitch.current`, undefined
 * while no IoredisInstrumentation is enabled, and then pass calls through.
 */

/** The versions this layer hooks: the test matrix and the README's table are checked against these. */
export const VERSIONS = { ioredis: '>=5.0.0 <7' } as const;
export const SUPPORTED_VERSIONS = VERSIONS.ioredis;

/** Where the patches report: the enabled IoredisInstrumentation's events. */
export const ioredisSwitch = new LayerSwitch<RedisEvents>();

/** The files patched, per package and versions (VERSIONS above). */
export function ioredisModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('ioredis', [SUPPORTED_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile('ioredis/built/Redis.js', [SUPPORTED_VERSIONS], patchRedis, permanentPatch),
    ]),
  ];
}
