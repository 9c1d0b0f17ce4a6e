import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { firstPatch, log, permanentPatch } from '@nodeprom/core';
import { learnCommands } from './commands';
import { commandStarted, errorEmitted, statusChanged, TRACKED, type RedisClient, type RedisCommand } from './tracker';

/*
 * How ioredis is hooked: three methods of `Redis.prototype` in `ioredis/built/Redis.js`, patched when
 * that file is first required. ioredis' index requires it with `require`, also when an ESM app
 * imports ioredis, so no loader hook is needed. Cluster nodes and sentinel clients are `Redis`
 * instances of the same file, so they are covered with their own addresses.
 *
 * ioredis 5.11+ also publishes `ioredis:command` / `ioredis:batch` / `ioredis:connect` tracing
 * channels. They are not used: once subscribed, ioredis builds a context per command (sanitized
 * copies of the arguments) and wraps its promise; measured in-process, a GET costs ~0.8 µs more with
 * an empty subscriber, against ~0.2 µs more with this patch recording everything. Commands that fail
 * before being written (MaxRetriesPerRequestError from the offline queue) never reach the channel.
 */
export const SUPPORTED_VERSIONS = '>=5.0.0 <7';

type SendCommand = (this: RedisClient, command: RedisCommand, ...rest: unknown[]) => unknown;
type SetStatus = (this: RedisClient, status: string, ...rest: unknown[]) => unknown;
type SilentEmit = (this: RedisClient, eventName: string, ...rest: unknown[]) => unknown;

interface RedisPrototype {
  sendCommand: SendCommand;
  setStatus: SetStatus;
  silentEmit: SilentEmit;
  getBuiltinCommands?: () => string[];
}
interface RedisFileExports {
  default?: { prototype?: RedisPrototype };
}


function patchRedis(exports: RedisFileExports): RedisFileExports {
  const proto = exports?.default?.prototype;
  if (proto === undefined) return exports;
  if (typeof proto.sendCommand !== 'function' || typeof proto.setStatus !== 'function' || typeof proto.silentEmit !== 'function') {
    log.warnOnce('ioredis: shape', 'ioredis: this version does not have the methods nodeprom hooks; its metrics are off.');
    return exports;
  }
  if (!firstPatch(proto)) return exports;
  try {
    learnCommands([...(proto.getBuiltinCommands?.call(proto) ?? []), 'monitor']);
  } catch (error) {
    log.errorOnce('ioredis: reading the command list', error);
  }
  const sendCommand = proto.sendCommand;
  const setStatus = proto.setStatus;
  const silentEmit = proto.silentEmit;

  proto.sendCommand = function nodepromSendCommand(this: RedisClient, command: RedisCommand) {
    if (command != null && command[TRACKED] === undefined) {
      try {
        commandStarted(this, command);
      } catch (error) {
        log.errorOnce('ioredis: command start', error);
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return sendCommand.apply(this, arguments as unknown as Parameters<SendCommand>);
  };
  proto.setStatus = function nodepromSetStatus(this: RedisClient, status: string) {
    // eslint-disable-next-line prefer-rest-params
    const result = setStatus.apply(this, arguments as unknown as Parameters<SetStatus>);
    try {
      statusChanged(this, status);
    } catch (error) {
      log.errorOnce('ioredis: status change', error);
    }
    return result;
  };
  proto.silentEmit = function nodepromSilentEmit(this: RedisClient, eventName: string, error?: unknown) {
    if (eventName === 'error') {
      try {
        errorEmitted(this, error);
      } catch (failure) {
        log.errorOnce('ioredis: error event', failure);
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return silentEmit.apply(this, arguments as unknown as Parameters<SilentEmit>);
  };
  return exports;
}

/**
 * Patching is permanent for the process: a disabled layer records nothing (the tracker's active
 * recorder is unset) while the wrappers pass calls through, so commands in flight stay consistent.
 */
export function ioredisModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('ioredis', [SUPPORTED_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile('ioredis/built/Redis.js', [SUPPORTED_VERSIONS], patchRedis, permanentPatch),
    ]),
  ];
}
