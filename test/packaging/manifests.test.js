'use strict';
// Every published package (each package under packages/ that is not private) is ready for
// `npm run pack`: one version, exact dependencies on each other, an exports map, a description, a
// README. A package added later is held to the same rules without changing this test.
const { expect } = require('chai');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const {
  check,
  manifestProblems,
  publishedPackages,
  releaseVersion,
  sourceVersionProblems,
} = require('../../scripts/pack');

describe('package manifests', function () {
  it('every published package carries the root version, exact dependencies on ours, exports, description and README', function () {
    const { problems, packages } = check();
    expect(problems).to.deep.equal([]);
    expect(packages.map((pkg) => pkg.manifest.name)).to.include.members(['@nodeprom/auto-register', '@nodeprom/core']);
  });

  it('a package that depends on ours by a range, or has a stale version, is refused with a sentence saying what to change', function () {
    const version = releaseVersion();
    const [core] = publishedPackages().filter((pkg) => pkg.manifest.name === '@nodeprom/core');
    const manifest = {
      ...core.manifest,
      version: '0.0.1',
      dependencies: { ...core.manifest.dependencies, '@nodeprom/other': `^${version}` },
    };
    const problems = manifestProblems({ dir: core.dir, manifest }, version, new Set(['@nodeprom/other']));
    expect(problems).to.deep.equal([
      `@nodeprom/core: version 0.0.1, the release is ${version} (npm run version:set -- ${version})`,
      `@nodeprom/core: dependencies.@nodeprom/other is "^${version}", must be exactly ${version}`,
    ]);
  });

  it('a package without an exports map or README is refused', function () {
    const version = releaseVersion();
    const manifest = { name: '@nodeprom/bare', version, license: 'Apache-2.0', description: 'x'.repeat(50) };
    const problems = manifestProblems({ dir: path.join(__dirname, 'app'), manifest }, version, new Set());
    expect(problems).to.deep.equal([
      '@nodeprom/bare: needs an exports map with "." { types, import, require }',
      '@nodeprom/bare: needs a README.md',
    ]);
  });

  it('a version written into a source file (PACKAGE_VERSION) that is not the release is refused', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-manifest-'));
    try {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'src', 'instrumentation.ts'), "const PACKAGE_VERSION = '0.0.9';\n");
      const problems = sourceVersionProblems({ dir, manifest: { name: '@nodeprom/stale' } }, '1.2.3');
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^@nodeprom\/stale: .*instrumentation\.ts says 0\.0\.9, the release is 1\.2\.3$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an OpenTelemetry dependency whose range leaves out one of the two lines is refused', function () {
    const version = releaseVersion();
    const [core] = publishedPackages().filter((pkg) => pkg.manifest.name === '@nodeprom/core');
    const dependencies = { ...core.manifest.dependencies, '@opentelemetry/instrumentation': '^0.223.0' };
    const problems = manifestProblems(
      { dir: core.dir, manifest: { ...core.manifest, dependencies } },
      version,
      new Set(),
    );
    expect(problems).to.deep.equal([
      '@nodeprom/core: dependencies.@opentelemetry/instrumentation is "^0.223.0", which leaves out 0.301.0; both OpenTelemetry lines must be accepted',
    ]);
  });
});
