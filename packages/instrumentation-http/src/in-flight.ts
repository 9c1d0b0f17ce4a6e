import type { IncomingMessage, ServerResponse } from 'node:http';

/** The response a connection is serving now, and when its request started. One per connection, reused. */
class ConnectionSlot {
  response: ServerResponse | null = null;
  startedAt = 0;
  /** `method * 2 + https` of the request, computed at its start. */
  kind = 0;
}

/** What `start` did with a request. */
export const enum Started {
  /** In the slot of a connection already known. */
  InSlot,
  /** In the slot of a connection seen for the first time: watch the connection's 'close'. */
  InNewSlot,
  /** Pipelined behind another request in flight on its connection: watch the response's 'close'. */
  Pipelined,
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
  /** Requests started and not yet taken. */
  size = 0;
  private readonly slots = new WeakMap<object, ConnectionSlot>();
  private readonly pipelined = new WeakMap<IncomingMessage, number>();

  /** `kind` of the request `take` returned last (-1 for a pipelined one: not kept, compute it again). */
  takenKind = -1;

  start(response: ServerResponse, socket: object, now: number, kind: number): Started {
    this.size++;
    let slot = this.slots.get(socket);
    let started = Started.InSlot;
    if (slot === undefined) {
      slot = new ConnectionSlot();
      this.slots.set(socket, slot);
      started = Started.InNewSlot;
    }
    if (slot.response === null) {
      slot.response = response;
      slot.startedAt = now;
      slot.kind = kind;
      return started;
    }
    this.pipelined.set(response.req, now);
    return Started.Pipelined;
  }

  /** The response being served on `socket`, if it is being recorded. */
  current(socket: object): ServerResponse | null {
    return this.slots.get(socket)?.response ?? null;
  }

  /** The request's start time, forgotten as it is returned (its kind in `takenKind`); undefined when it is not being recorded. */
  take(request: IncomingMessage, socket: object | null | undefined): number | undefined {
    const slot = socket !== null && socket !== undefined ? this.slots.get(socket) : undefined;
    if (slot !== undefined && slot.response !== null && slot.response.req === request) {
      slot.response = null;
      this.size--;
      this.takenKind = slot.kind;
      return slot.startedAt;
    }
    const startedAt = this.pipelined.get(request);
    this.takenKind = -1;
    if (startedAt !== undefined) {
      this.pipelined.delete(request);
      this.size--;
    }
    return startedAt;
  }
}
