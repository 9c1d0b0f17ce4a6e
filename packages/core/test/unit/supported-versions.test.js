'use strict';
// Versions are declared once per layer (VERSIONS in its src/hook.ts): the versions the tests run
// must fall in the declaration, and the README's table must say what the declarations say.
const { expect } = require('chai');
const semver = require('semver');
const { render, rows, readmeTable } = require('../../../../scripts/supported-versions');

describe('supported versions, declared once per layer', () => {
  it("every version the tests run is inside its layer's declared range, and every library is tested", () => {
    for (const [layer, library, range, tested] of rows()) {
      expect(tested, `${layer} ${library}`).to.not.be.empty;
      for (const version of tested)
        expect(semver.satisfies(version, range), `${library} ${version} in ${range}`).to.equal(true);
    }
  });

  it("the README's table matches the declarations (run `node scripts/supported-versions.js` to regenerate)", () => {
    expect(readmeTable()).to.equal(render());
  });
});
