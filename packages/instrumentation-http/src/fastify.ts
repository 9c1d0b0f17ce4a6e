import type { IncomingMessage } from 'node:http';
import { log } from '@nodeprom/core';
import { setRoute, type RoutedRequest } from './route';

/** Hook: fastify (4 and 5) publishes each new instance on this channel before any plugin runs. */
export const FASTIFY_INIT_CHANNEL = 'fastify.initialization';

interface RouteContext {
  config?: { url?: string };
}
interface FastifyRequest {
  raw: IncomingMessage & RoutedRequest;
  routeOptions?: { url?: string };
  [key: symbol]: RouteContext | undefined;
}
interface FastifyInstance {
  addHook(name: 'onRequest', hook: (request: FastifyRequest, reply: unknown, done: () => void) => void): unknown;
}

const HOOKED = Symbol('nodeprom.fastify.hooked');

/**
 * Adds an onRequest hook to each fastify instance as it is created, so it runs before the app's own
 * hooks (an auth hook that replies 401 still leaves the route template behind). The template is the
 * route's `config.url`, read from fastify's route context: `request.routeOptions` would build a new
 * object on every request. The context's symbol is private to fastify, so it is found by its
 * description on the first request; if fastify ever renames it, `routeOptions` still works.
 */
export function onFastifyInitialization(message: unknown): void {
  const fastify = (message as { fastify?: FastifyInstance & { [HOOKED]?: boolean } }).fastify;
  if (fastify === undefined || fastify[HOOKED] === true) return;
  fastify[HOOKED] = true;
  let contextKey: symbol | null | undefined;
  fastify.addHook('onRequest', function nodepromRoute(request, _reply, done) {
    try {
      if (contextKey === undefined) {
        contextKey = Object.getOwnPropertySymbols(request).find((key) => key.description === 'fastify.context') ?? null;
        if (contextKey === null) log.debug('fastify route context not found; reading routeOptions instead');
      }
      const url = contextKey !== null ? request[contextKey]?.config?.url : request.routeOptions?.url;
      if (url !== undefined) setRoute(request.raw, url);
    } catch (error) {
      log.errorOnce('http: fastify route template', error);
    }
    done();
  });
}
