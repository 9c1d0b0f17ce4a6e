/*
 * The parts of ioredis (5.x, 6.x) this layer reads or wraps, typed from its source (`built/Redis.js`,
 * `built/Command.js`). nodeprom's own state on these objects lives in private slots (events.ts).
 */

/** An ioredis `Command`. */
export interface RedisCommand {
  name: string;
  args: unknown[];
  resolve: (reply: unknown) => unknown;
  reject: (error: unknown) => unknown;
}

/** An ioredis `Redis` client (also a cluster node or a sentinel-resolved client). */
export interface RedisClient {
  status: string;
  options: { host?: string; port?: number; path?: string; db?: number; sentinels?: unknown };
  condition?: { select?: number } | null;
  stream?: { remoteAddress?: string; remotePort?: number } | null;
}

export type SendCommand = (this: RedisClient, command: RedisCommand, ...rest: unknown[]) => unknown;
export type SetStatus = (this: RedisClient, status: string, ...rest: unknown[]) => unknown;
export type SilentEmit = (this: RedisClient, eventName: string, ...rest: unknown[]) => unknown;

export interface RedisPrototype {
  sendCommand: SendCommand;
  setStatus: SetStatus;
  silentEmit: SilentEmit;
  getBuiltinCommands?: () => string[];
}
