'use strict';
// node scripts/bench/private-slot.js (after a build): ns per read of core's private slots, once
// several slots exist (as in a process with the pg, mysql2 and ioredis layers), against a class's
// own private field and a WeakMap. The slots share their accessors' inline caches (see
// packages/core/src/private-slot.ts), so their `in` check is megamorphic; the class's is not.
const { privateSlot } = require('@nodeprom/core/hot');

class OwnField {
  #value;
  constructor(value) {
    this.#value = value;
  }
  static read(object) {
    return #value in object ? object.#value : undefined;
  }
}

const kinds = [class A {}, class B {}, class C {}, class D {}, class E {}];
const slots = kinds.map(() => privateSlot());
const objects = kinds.map((Kind, i) => {
  const object = new Kind();
  slots[i].set(object, i + 1);
  return object;
});
// Each slot used on its own kind of object, as the layers do.
for (let round = 0; round < 100000; round++) for (let i = 0; i < kinds.length; i++) slots[i].get(objects[i]);

const own = new OwnField(1);
const weakMap = new WeakMap([[objects[0], 1]]);
const slot = slots[0];
const object = objects[0];
// One loop function per variant, so that each read site sees one kind of read.
const loops = {
  'private slot (several in the process)': (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += slot.get(object);
    return sum;
  },
  "a class's own private field": (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += OwnField.read(own);
    return sum;
  },
  WeakMap: (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weakMap.get(object);
    return sum;
  },
};

const N = 5e6;
for (let round = 0; round < 3; round++) {
  for (const [name, loop] of Object.entries(loops)) {
    loop(N / 10);
    const start = process.hrtime.bigint();
    if (loop(N) < 0) throw new Error('unreachable');
    const ns = Number(process.hrtime.bigint() - start) / N;
    process.stdout.write(`${name.padEnd(40)} ${ns.toFixed(2).padStart(6)} ns/read\n`);
  }
}
