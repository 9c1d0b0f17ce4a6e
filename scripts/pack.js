#!/usr/bin/env node
'use strict';
// `npm run pack`: one installable tarball per published package (every package under packages/
// that is not private) in dist/, after checking that each is complete: the one version number
// (the root package.json's) everywhere, dependencies between our packages on exactly that
// version (so the tarballs installed together resolve each other, and later the registry
// versions do), OpenTelemetry ranges that accept both the 2.x and the 3.x line, an exports map, a
// description, a README and the LICENSE, and every file the built code points at (source maps and
// their sources) inside the tarball.
//
//   node scripts/pack.js [--out DIR]     (npm run pack builds first)
//   node scripts/pack.js --check         checks the manifests only, packs nothing
//   node scripts/pack.js --set-version X  (npm run version:set -- X) writes X as the release version:
//                                        root, every published package, the dependencies between them
//                                        and the version literals in their sources
//
// A package added under packages/ is picked up as it is; one without a LICENSE gets the root's.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');

const ROOT = path.resolve(__dirname, '..');
const PACKAGES = path.join(ROOT, 'packages');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The one version number of a release, from the root package.json. */
function releaseVersion() {
  const { version } = readJson(path.join(ROOT, 'package.json'));
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(`the root package.json needs a "version" (x.y.z), found ${JSON.stringify(version)}`);
  }
  return version;
}

/** Every package under packages/ that is published (not private): { dir, manifest }. */
function publishedPackages() {
  const found = [];
  for (const entry of fs.readdirSync(PACKAGES, { withFileTypes: true })) {
    const file = path.join(PACKAGES, entry.name, 'package.json');
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    const manifest = readJson(file);
    if (!manifest.private) found.push({ dir: path.join(PACKAGES, entry.name), manifest });
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

// A version of each OpenTelemetry line that every range on an OpenTelemetry package must accept:
// apps on the 2.x line (Node 20+) and on the 3.x line (Node 22.15+) both install nodeprom.
const OTEL_LINES = {
  api: ['1.9.0', '1.10.0'],
  stable: ['2.12.0', '3.1.0'],
  experimental: ['0.223.0', '0.301.0'],
};

// Packages of the opentelemetry-js repository, by versioning scheme (contrib packages and
// semantic-conventions are versioned on their own and are not checked).
const OTEL_KINDS = new Map([
  ['@opentelemetry/api', 'api'],
  ...['core', 'resources', 'sdk-metrics'].map((name) => [`@opentelemetry/${name}`, 'stable']),
  ...['exporter-prometheus', 'instrumentation', 'sdk-node'].map((name) => [`@opentelemetry/${name}`, 'experimental']),
]);

function otelKind(dependency) {
  return OTEL_KINDS.get(dependency);
}

/** Problems with a package's manifest and folder, as sentences ([] when it is ready to pack). */
function manifestProblems({ dir, manifest }, version, ourNames) {
  const problems = [];
  const name = manifest.name;
  if (manifest.version !== version)
    problems.push(
      `${name}: version ${manifest.version}, the release is ${version} (npm run version:set -- ${version})`,
    );
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (ourNames.has(dependency) && range !== version) {
        problems.push(`${name}: ${field}.${dependency} is ${JSON.stringify(range)}, must be exactly ${version}`);
      }
    }
  }
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      const lines = OTEL_LINES[otelKind(dependency)];
      const missing = lines?.filter((line) => !semver.satisfies(line, range));
      if (missing?.length) {
        problems.push(
          `${name}: ${field}.${dependency} is ${JSON.stringify(range)}, which leaves out ${missing.join(' and ')}; both OpenTelemetry lines must be accepted`,
        );
      }
    }
  }
  if (typeof manifest.description !== 'string' || manifest.description.length < 40) {
    problems.push(`${name}: needs a description that says what it does (40 characters or more)`);
  }
  if (manifest.license !== 'Apache-2.0') problems.push(`${name}: license must be Apache-2.0`);
  const main = manifest.exports?.['.'];
  if (!main || typeof main !== 'object' || !main.types || !main.import || !main.require) {
    problems.push(`${name}: needs an exports map with "." { types, import, require }`);
  }
  if (!fs.existsSync(path.join(dir, 'README.md'))) problems.push(`${name}: needs a README.md`);
  return problems;
}

/** Problems with the files a tarball holds: targets of the manifest, source maps and their sources. */
function packedFileProblems(manifest, files) {
  const problems = [];
  const have = new Set(files.map((file) => path.posix.normalize(file)));
  const need = (file, why) => {
    const normal = path.posix.normalize(file);
    if (!have.has(normal)) problems.push(`${manifest.name}: ${why} ${normal} is not in the tarball`);
  };
  need('package.json', 'the manifest');
  need('README.md', 'the readme');
  need('LICENSE', 'the license');
  if (manifest.main) need(manifest.main, 'main');
  if (manifest.types) need(manifest.types, 'types');
  const walk = (target) => {
    if (typeof target === 'string') need(target, 'the exports target');
    else if (target && typeof target === 'object') Object.values(target).forEach(walk);
  };
  walk(manifest.exports);
  return problems;
}

/** What the built files reference (source maps, and the sources the maps name), checked on disk. */
function sourceMapProblems(manifest, dir, files) {
  const problems = [];
  const have = new Set(files.map((file) => path.posix.normalize(file)));
  for (const file of files) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text);
    if (!reference) continue;
    const mapFile = path.posix.join(path.posix.dirname(file), reference[1]);
    if (!have.has(mapFile)) {
      problems.push(`${manifest.name}: ${file} points at ${mapFile}, which is not in the tarball`);
      continue;
    }
    const map = readJson(path.join(dir, mapFile));
    for (const source of map.sources ?? []) {
      const sourceFile = path.posix.normalize(
        path.posix.join(path.posix.dirname(mapFile), map.sourceRoot ?? '', source),
      );
      if (!have.has(sourceFile))
        problems.push(`${manifest.name}: ${mapFile} names ${sourceFile}, which is not in the tarball`);
    }
  }
  return problems;
}

// Version numbers written into the sources (an instrumentation's PACKAGE_VERSION, the store's scope
// version): checked against the release and rewritten by --set-version, so they never drift.
const SOURCE_VERSION = /(PACKAGE_VERSION = |version: )'(\d+\.\d+\.\d+[^']*)'/g;

function sourceFiles(dir) {
  const src = path.join(dir, 'src');
  if (!fs.existsSync(src)) return [];
  return fs
    .readdirSync(src, { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(src, file));
}

/** Version literals in a package's sources that are not the release version. */
function sourceVersionProblems({ dir, manifest }, version) {
  const problems = [];
  for (const file of sourceFiles(dir)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(SOURCE_VERSION)) {
      if (match[2] !== version)
        problems.push(`${manifest.name}: ${path.relative(ROOT, file)} says ${match[2]}, the release is ${version}`);
    }
  }
  return problems;
}

/** Checks every published package; returns its list of problems (empty when all is ready). */
function check({ log = () => {} } = {}) {
  const version = releaseVersion();
  const packages = publishedPackages();
  const ourNames = new Set(packages.map((pkg) => pkg.manifest.name));
  const problems = [];
  for (const pkg of packages) {
    const licence = path.join(pkg.dir, 'LICENSE');
    if (!fs.existsSync(licence)) {
      fs.copyFileSync(path.join(ROOT, 'LICENSE'), licence);
      log(`copied LICENSE into ${path.relative(ROOT, pkg.dir)}`);
    }
    problems.push(...manifestProblems(pkg, version, ourNames), ...sourceVersionProblems(pkg, version));
  }
  return { version, packages, problems };
}

/** Packs every published package into `out`; returns [{ name, file, files }]. Throws, packing nothing, on a problem. */
function pack(out, { log = () => {} } = {}) {
  const { version, packages, problems } = check({ log });
  if (problems.length > 0) throw new Error(`not packed:\n  ${problems.join('\n  ')}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const packed = [];
  for (const pkg of packages) {
    const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
      cwd: pkg.dir,
      encoding: 'utf8',
    });
    const [result] = JSON.parse(output);
    const files = result.files.map((file) => file.path);
    problems.push(...packedFileProblems(pkg.manifest, files), ...sourceMapProblems(pkg.manifest, pkg.dir, files));
    packed.push({ name: pkg.manifest.name, file: path.join(out, result.filename), files });
    log(`${result.filename}  (${files.length} files, ${(result.size / 1024).toFixed(0)} KiB)`);
  }
  if (problems.length > 0) {
    fs.rmSync(out, { recursive: true, force: true });
    throw new Error(`not packed:\n  ${problems.join('\n  ')}`);
  }
  log(`${packed.length} packages, version ${version}, in ${path.relative(process.cwd(), out) || out}`);
  return packed;
}

/** Writes `version` into the root manifest, every published package and their dependencies on each other. */
function setVersion(version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? ''))
    throw new Error(`--set-version needs x.y.z, got ${version}`);
  const write = (file, update) => {
    const manifest = readJson(file);
    update(manifest);
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  write(path.join(ROOT, 'package.json'), (manifest) => {
    manifest.version = version;
  });
  const packages = publishedPackages();
  const ourNames = new Set(packages.map((pkg) => pkg.manifest.name));
  for (const pkg of packages) {
    write(path.join(pkg.dir, 'package.json'), (manifest) => {
      manifest.version = version;
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
        for (const dependency of Object.keys(manifest[field] ?? {})) {
          if (ourNames.has(dependency)) manifest[field][dependency] = version;
        }
      }
    });
    for (const file of sourceFiles(pkg.dir)) {
      const text = fs.readFileSync(file, 'utf8');
      const stamped = text.replace(SOURCE_VERSION, (_, prefix) => `${prefix}'${version}'`);
      if (stamped !== text) fs.writeFileSync(file, stamped);
    }
  }
}

module.exports = {
  ROOT,
  setVersion,
  sourceVersionProblems,
  releaseVersion,
  publishedPackages,
  manifestProblems,
  packedFileProblems,
  sourceMapProblems,
  check,
  pack,
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(ROOT, 'dist'));
  const log = (line) => process.stdout.write(`${line}\n`);
  try {
    if (args.includes('--set-version')) {
      setVersion(args[args.indexOf('--set-version') + 1]);
      log('version written; run npm install to update package-lock.json');
    } else if (args.includes('--check')) {
      const { problems, packages, version } = check({ log });
      if (problems.length > 0) throw new Error(problems.join('\n'));
      log(`${packages.length} packages ready at version ${version}`);
    } else {
      pack(out, { log });
    }
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
