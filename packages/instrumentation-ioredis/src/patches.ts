import { firstPatch, log, sameIdentity } from '@nodeprom/core';
import { learnCommands } from './commands';
import type { RedisClient, RedisCommand, RedisPrototype, SendCommand, SetStatus, SilentEmit } from './driver-types';
import { commandStarted, errorEmitted, isTracked, statusChanged } from './events';
import { ioredisSwitch } from './hook';

/*
 * The wrappers of `Redis.prototype.sendCommand`, `setStatus` and `silentEmit`: each hands the call
 * to events.ts when an instance of the layer is enabled (the switch) and always calls the original.
 * They keep the names and lengths of the methods they replace.
 */

interface RedisFileExports {
  default?: { prototype?: RedisPrototype };
}

export function patchRedis(exports: RedisFileExports): RedisFileExports {
  const proto = exports?.default?.prototype;
  if (proto === undefined) return exports;
  if (
    typeof proto.sendCommand !== 'function' ||
    typeof proto.setStatus !== 'function' ||
    typeof proto.silentEmit !== 'function'
  ) {
    log.warnOnce(
      'ioredis: shape',
      'ioredis: this version does not have the methods nodeprom hooks; its metrics are off.',
    );
    return exports;
  }
  if (!firstPatch(proto)) return exports;
  try {
    learnCommands([...(proto.getBuiltinCommands?.call(proto) ?? []), 'monitor']);
  } catch (error) {
    log.errorOnce('ioredis: reading the command list', error);
  }
  const originalSendCommand = proto.sendCommand;
  const originalSetStatus = proto.setStatus;
  const originalSilentEmit = proto.silentEmit;

  proto.sendCommand = sameIdentity(function sendCommand(this: RedisClient, command: RedisCommand) {
    const events = ioredisSwitch.current;
    if (events !== undefined && command != null && !isTracked(command)) {
      try {
        commandStarted(events, this, command);
      } catch (error) {
        log.errorOnce('ioredis: command start', error);
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return originalSendCommand.apply(this, arguments as unknown as Parameters<SendCommand>);
  }, originalSendCommand);
  proto.setStatus = sameIdentity(function setStatus(this: RedisClient, status: string) {
    // eslint-disable-next-line prefer-rest-params
    const result = originalSetStatus.apply(this, arguments as unknown as Parameters<SetStatus>);
    try {
      statusChanged(ioredisSwitch.current, this, status);
    } catch (error) {
      log.errorOnce('ioredis: status change', error);
    }
    return result;
  }, originalSetStatus);
  proto.silentEmit = sameIdentity(function silentEmit(this: RedisClient, eventName: string, error?: unknown) {
    if (eventName === 'error') {
      try {
        errorEmitted(this, error);
      } catch (failure) {
        log.errorOnce('ioredis: error event', failure);
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return originalSilentEmit.apply(this, arguments as unknown as Parameters<SilentEmit>);
  }, originalSilentEmit);
  return exports;
}
