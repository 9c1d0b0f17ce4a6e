'use strict';
// The one way a layer is turned on and off: several instances each hold their place.
const { expect } = require('chai');
const { LayerSwitch, privateSlot } = require('@nodeprom/core');
const util = require('node:util');

describe('LayerSwitch', () => {
  it('reports to the most recently enabled instance, and back to the other when it is disabled', () => {
    const layer = new LayerSwitch();
    const first = {};
    const second = {};
    expect(layer.current).to.equal(undefined);
    layer.turnOn(first, 'events of first');
    layer.turnOn(second, 'events of second');
    expect(layer.current).to.equal('events of second');
    layer.turnOff(second);
    expect(layer.current).to.equal('events of first');
    layer.turnOff(first);
    expect(layer.current).to.equal(undefined);
  });

  it("replaces an instance's events when it turns on again (its sink changed)", () => {
    const layer = new LayerSwitch();
    const only = {};
    layer.turnOn(only, 'old');
    layer.turnOn(only, 'new');
    expect(layer.current).to.equal('new');
    layer.turnOff(only);
    expect(layer.current).to.equal(undefined);
  });
});

describe('privateSlot', () => {
  it('keeps a value on an object that no reflection or util.inspect shows', () => {
    const slot = privateSlot();
    const error = Object.assign(new Error('boom'), { code: 'E1' });
    const before = util.inspect(error, { showHidden: true, depth: 5 });
    slot.set(error, { secret: 'state' });
    expect(slot.get(error)).to.deep.equal({ secret: 'state' });
    expect(util.inspect(error, { showHidden: true, depth: 5 })).to.equal(before);
    expect(Reflect.ownKeys(error)).to.deep.equal(['stack', 'message', 'code']);
  });

  it('keeps slots apart, and works on frozen objects', () => {
    const a = privateSlot();
    const b = privateSlot();
    const frozen = Object.freeze({});
    a.set(frozen, 1);
    expect(a.get(frozen)).to.equal(1);
    expect(b.get(frozen)).to.equal(undefined);
  });
});
