import type { IncomingMessage } from 'node:http';

/** The request a connection is serving now: when it started and its kind. One per connection, reused. */
class ConnectionSlot {
  request: IncomingMessage | null = null;
  startedAt = 0;
  /** `method * 2 + https`, computed at the start. */
  kind = 0;
}

/**
 * Start times of the requests being recorded, with nothing written on node's request or response.
 * Measured (callgrind, see the README's benchmarks): a per-request WeakMap entry (a table insert and
 * delete per request) cost about 3 000 instructions a request more than two symbol properties on
 * the response; this slot measured within the run-to-run noise of the symbol properties.
 *
 * HTTP/1.1 serves one request at a time per connection, so the start time lives in a slot per
 * connection, a pre-shaped object under a non-enumerable symbol on the socket: the socket changes
 * shape once per connection (a keep-alive connection serves many requests), not per request, and a
 * request only writes three fields of the slot. A pipelined request, which starts while the one
 * before it on the same connection is still in flight, falls back to a per-request WeakMap.
 */
export class InFlightRequests {
  /** The kind of the request `take` returned last, or -1 for a pipelined one (compute it again). */
  takenKind = -1;
  private readonly slotKey = Symbol('nodeprom.http.connection');
  private readonly pipelined = new WeakMap<IncomingMessage, number>();

  start(request: IncomingMessage, socket: object, now: number, kind: number): void {
    const holder = socket as { [key: symbol]: ConnectionSlot | undefined };
    let slot = holder[this.slotKey];
    if (slot === undefined) {
      slot = new ConnectionSlot();
      Object.defineProperty(holder, this.slotKey, { value: slot, enumerable: false });
    }
    if (slot.request === null) {
      slot.request = request;
      slot.startedAt = now;
      slot.kind = kind;
    } else {
      this.pipelined.set(request, now);
    }
  }

  /** The request's start time, forgotten as it is returned; undefined when it is not being recorded. */
  take(request: IncomingMessage): number | undefined {
    const socket = request.socket as unknown as { [key: symbol]: ConnectionSlot | undefined } | null;
    const slot = socket !== null && socket !== undefined ? socket[this.slotKey] : undefined;
    if (slot !== undefined && slot.request === request) {
      slot.request = null;
      this.takenKind = slot.kind;
      return slot.startedAt;
    }
    this.takenKind = -1;
    const startedAt = this.pipelined.get(request);
    if (startedAt !== undefined) this.pipelined.delete(request);
    return startedAt;
  }
}
