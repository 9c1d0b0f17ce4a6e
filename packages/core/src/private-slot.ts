/*
 * State nodeprom keeps on the driver's objects (a query's start time, a client's target, a pool's
 * registration) without the app ever seeing it: `console.log(error)`, `util.inspect(client)` or a
 * crash dump print a driver object exactly as they do without nodeprom.
 *
 * Why private class fields rather than symbol properties or WeakMaps: a symbol property is listed by
 * util.inspect (and Object.getOwnPropertySymbols), and `Object.defineProperty(..., { enumerable:
 * false })` still shows with `showHidden` and costs a slow define per object. A WeakMap is invisible
 * but a get/set is a hash lookup in an ephemeron table, on every query. A private field is stored in
 * the object like a property (V8 private symbols, the mechanism node itself uses for its internal
 * state): loads and stores are inline-cached, and no reflection API or util.inspect sees it. The
 * field is stamped onto an object the slot did not construct through a base class whose constructor
 * returns its argument (the "return override" of ECMAScript classes), which is well defined.
 *
 * What an access costs (measured with scripts/bench/attribute.js): every slot's get and set run the
 * same two functions, and V8 keeps one set of inline caches per function literal (closures one
 * factory makes share them). With more than one slot in the process, each slot's private name
 * meets the same `#value in object` check, which goes megamorphic: about 100 instructions a check
 * (KeyedHasIC_Megamorphic), where a class's own private field, checked in code of its own, costs
 * a few (scripts/bench/private-slot.js: 9 ns a read against 1 ns). So on a per-operation path,
 * read a slot once and pass the value along, and keep per-operation state on an object nodeprom
 * made (pg's Query subclass holds its operation in a field of its own).
 */

/** A base class whose constructor returns the object given: `super(object)` then stamps the subclass's fields on it. */
class Through {
  constructor(object: object) {
    return object;
  }
}

/** One invisible per-object value. Make one per kind of state, at module load, and keep it. */
export interface PrivateSlot<Value> {
  /** The value stored on `object`, or undefined. */
  get(object: object): Value | undefined;
  set(object: object, value: Value): void;
}

/** A new slot: its own private field, so two slots never see each other's values. */
export function privateSlot<Value>(): PrivateSlot<Value> {
  class Slot extends Through {
    #value: Value | undefined;
    constructor(object: object) {
      super(object);
      this.#value = undefined;
    }
    static read(object: object): Value | undefined {
      return #value in object ? (object as Slot).#value : undefined;
    }
    static write(object: object, value: Value): void {
      if (!(#value in object)) new Slot(object);
      (object as Slot).#value = value;
    }
  }
  return { get: Slot.read, set: Slot.write };
}
