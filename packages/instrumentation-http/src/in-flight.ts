import type { IncomingMessage } from 'node:http';

/** The request a connection is serving now, and when it started. One per connection, reused. */
class ConnectionSlot {
  request: IncomingMessage | null = null;
  startedAt = 0;
}

/**
 * Start times of the requests being recorded, kept without writing on node's objects: a property
 * added to every request or response gives it another hidden class, and node's own http code then
 * runs on two shapes for every request. A per-request WeakMap entry costs a table insert and a
 * delete per request, and an ephemeron entry with a young key for the garbage collector to trace.
 *
 * HTTP/1.1 serves one request at a time per connection, so the start time lives in a slot per
 * connection (found through a WeakMap keyed by the socket, written once per connection; a
 * keep-alive connection serves many requests with one entry). A pipelined request, which starts
 * while the one before it on the same connection is still in flight, falls back to a per-request
 * WeakMap.
 */
export class InFlightRequests {
  private readonly slots = new WeakMap<object, ConnectionSlot>();
  private readonly pipelined = new WeakMap<IncomingMessage, number>();

  start(request: IncomingMessage, socket: object, now: number): void {
    let slot = this.slots.get(socket);
    if (slot === undefined) {
      slot = new ConnectionSlot();
      this.slots.set(socket, slot);
    }
    if (slot.request === null) {
      slot.request = request;
      slot.startedAt = now;
    } else {
      this.pipelined.set(request, now);
    }
  }

  /** The request's start time, forgotten as it is returned; undefined when it is not being recorded. */
  take(request: IncomingMessage): number | undefined {
    const socket = request.socket;
    const slot = socket !== null && socket !== undefined ? this.slots.get(socket) : undefined;
    if (slot !== undefined && slot.request === request) {
      slot.request = null;
      return slot.startedAt;
    }
    const startedAt = this.pipelined.get(request);
    if (startedAt !== undefined) this.pipelined.delete(request);
    return startedAt;
  }
}
