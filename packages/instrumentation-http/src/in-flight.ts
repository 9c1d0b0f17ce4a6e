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
 * connection, a pre-shaped object under a non-enumerable symbol on the socket: the socket changes
 * shape once per connection (a keep-alive connection serves many requests), not per request
 * (measured: about 1 000 instructions a request less than finding the slot through a WeakMap).
 * A pipelined request, which starts
 * while the one before it on the same connection is still in flight, falls back to a per-request
 * WeakMap.
 */
export class InFlightRequests {
  /** Requests started and not yet taken. */
  size = 0;
  private readonly slotKey = Symbol('nodeprom.http.slot');
  private readonly pipelined = new WeakMap<IncomingMessage, number>();

  /** `kind` of the request `take` returned last (-1 for a pipelined one: not kept, compute it again). */
  takenKind = -1;

  start(response: ServerResponse, socket: object, now: number, kind: number): Started {
    this.size++;
    const holder = socket as { [key: symbol]: ConnectionSlot | undefined };
    let slot = holder[this.slotKey];
    let started = Started.InSlot;
    if (slot === undefined) {
      slot = new ConnectionSlot();
      Object.defineProperty(holder, this.slotKey, { value: slot, enumerable: false });
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
    return (socket as { [key: symbol]: ConnectionSlot | undefined })[this.slotKey]?.response ?? null;
  }

  /** The request's start time, forgotten as it is returned (its kind in `takenKind`); undefined when it is not being recorded. */
  take(request: IncomingMessage, socket: object | null | undefined): number | undefined {
    const slot =
      socket !== null && socket !== undefined
        ? (socket as { [key: symbol]: ConnectionSlot | undefined })[this.slotKey]
        : undefined;
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
