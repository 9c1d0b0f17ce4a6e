'use strict';
// A user who has only the tarballs: in a folder outside the repository, an app with express, pg and
// ioredis from the registry installs the packed packages with plain `npm install`, then runs the
// way the README says. One install per OpenTelemetry line, shared by that line's cases: the 2.x
// line everywhere, and the 3.x line (which needs Node.js >= 22.15) on Node 22 and 24.
const { expect } = require('chai');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const semver = require('semver');
const { freePort, promtoolCheck, requireService, sampleValue, parseExposition } = require('@nodeprom/test-utils');
const { pack } = require('../../scripts/pack');

const APP_FILES = path.join(__dirname, 'app');
const REQUESTS = 3;

// What an app on each line already depends on before it adds nodeprom.
const LINES = [
  {
    name: 'OpenTelemetry 2.x (sdk-metrics 2.12, exporter-prometheus 0.223, api 1.9)',
    otel: [
      '@opentelemetry/api@~1.9.0',
      '@opentelemetry/sdk-metrics@^2.12.0',
      '@opentelemetry/exporter-prometheus@0.223',
      '@opentelemetry/instrumentation@0.223',
    ],
  },
];
if (semver.gte(process.versions.node, '22.15.0')) {
  LINES.push({
    name: 'OpenTelemetry 3.x (sdk-metrics 3.1, exporter-prometheus 0.301, sdk-node 0.301, api 1.10)',
    otel: [
      '@opentelemetry/api@1.10',
      '@opentelemetry/sdk-metrics@3.1',
      '@opentelemetry/exporter-prometheus@0.301',
      '@opentelemetry/instrumentation@0.301',
      '@opentelemetry/sdk-node@0.301',
    ],
  });
}

function npm(args, cwd) {
  // --prefer-offline: the npm cache (CI keeps it between runs) answers what it already has.
  // npm's own processes are left out of coverage (c8 follows children through NODE_V8_COVERAGE).
  const env = { ...process.env };
  delete env.NODE_V8_COVERAGE;
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Starts the app under `node ...args`, waits for its port, sends REQUESTS requests; returns a stop(). */
async function runApp(dir, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const port = await new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = /^\{.*\}$/m.exec(stdout);
      if (line) resolve(JSON.parse(line[0]).port);
    });
    child.once('exit', (code) => reject(new Error(`app exited (${code}) before listening:\n${output}`)));
  });
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/users/${i}`);
    expect(response.status, output).to.equal(200);
    await response.text();
  }
  return {
    get output() {
      return output;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function scrape(url) {
  const response = await fetch(url);
  expect(response.status).to.equal(200);
  return response.text();
}

describe('installing the packed tarballs into an app outside the repository', function () {
  this.timeout(600000);
  let work;
  let tarballs;

  before(async function () {
    await requireService(this, 'postgres');
    await requireService(this, 'redis');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-install-'));
    tarballs = pack(path.join(work, 'dist')).map((packed) => packed.file);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  for (const line of LINES) {
    describe(line.name, function () {
      let dir;
      let installOutput;

      before(function () {
        dir = fs.mkdtempSync(path.join(work, 'app-'));
        fs.writeFileSync(
          path.join(dir, 'package.json'),
          `${JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }, null, 2)}\n`,
        );
        for (const file of fs.readdirSync(APP_FILES)) fs.copyFileSync(path.join(APP_FILES, file), path.join(dir, file));
        const app = npm(['install', 'express@^5', 'pg@^8', 'ioredis@^5', ...line.otel], dir);
        expect(app.status, app.output).to.equal(0);
        const nodeprom = npm(['install', ...tarballs], dir);
        expect(nodeprom.status, nodeprom.output).to.equal(0);
        installOutput = nodeprom.output;
      });

      it('installs with no peer-dependency conflict and a clean npm ls', function () {
        expect(installOutput).not.to.match(/ERESOLVE|overriding peer|invalid/i);
        const ls = npm(['ls', '--all'], dir);
        expect(ls.status, ls.output).to.equal(0);
        // pg's optional pg-native is reported as an UNMET OPTIONAL DEPENDENCY in any pg app; that is fine.
        expect(ls.output).not.to.match(/\binvalid\b|UNMET (?!OPTIONAL)|extraneous|ERR!/);
      });

      it("adds no copy of the OpenTelemetry SDK of its own: core resolves the app's sdk-metrics and api", function () {
        const core = require.resolve('@nodeprom/core', { paths: [dir] });
        for (const name of ['@opentelemetry/sdk-metrics', '@opentelemetry/api']) {
          const fromCore = require.resolve(name, { paths: [path.dirname(core)] });
          const fromApp = require.resolve(name, { paths: [dir] });
          expect(fromCore, name).to.equal(fromApp);
        }
      });

      it('exposes each package to CommonJS and ESM consumers through its exports map', function () {
        const cjs = spawnSync(
          process.execPath,
          ['-e', "process.stdout.write(typeof require('@nodeprom/core').registerInstrumentations)"],
          { cwd: dir, encoding: 'utf8' },
        );
        expect(cjs.stdout, cjs.stderr).to.equal('function');
        const esm = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "import { registerInstrumentations } from '@nodeprom/core'; import { PgInstrumentation } from '@nodeprom/instrumentation-pg'; process.stdout.write(typeof registerInstrumentations + ' ' + typeof PgInstrumentation)",
          ],
          { cwd: dir, encoding: 'utf8' },
        );
        expect(esm.stdout, esm.stderr).to.equal('function function');
        const internal = spawnSync(process.execPath, ['-e', "require('@nodeprom/core/build/store')"], {
          cwd: dir,
          encoding: 'utf8',
        });
        expect(internal.stderr).to.include('ERR_PACKAGE_PATH_NOT_EXPORTED');
      });

      it("compiles a TypeScript user's code against the packages' declarations and the app's OpenTelemetry types", function () {
        const tsc = require.resolve('typescript/bin/tsc');
        const typeRoots = path.join(path.dirname(require.resolve('@types/node/package.json')), '..');
        const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16'];
        args.push('--target', 'es2022', '--types', 'node', '--typeRoots', typeRoots, 'typed.ts');
        const compiled = spawnSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: 'utf8' });
        expect(compiled.status, `${compiled.stdout}${compiled.stderr}`).to.equal(0);
      });

      for (const preload of ['require', 'import']) {
        it(`node --${preload} @nodeprom/auto-register: the scrape shows HTTP, SQL and Redis series`, async function () {
          const metricsPort = await freePort();
          const appFile = preload === 'require' ? 'app.js' : 'app.mjs';
          const app = await runApp(dir, [`--${preload}`, '@nodeprom/auto-register', appFile], {
            NODEPROM_HOST: '127.0.0.1',
            NODEPROM_PORT: String(metricsPort),
          });
          try {
            const text = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
            expect(
              sampleValue(text, 'http_server_request_duration_seconds_count', {
                http_route: '/users/:id',
                http_response_status_code: '200',
              }),
              text,
            ).to.equal(REQUESTS);
            expect(
              sampleValue(text, 'db_client_operation_duration_seconds_count', {
                db_system_name: 'postgresql',
                db_operation_name: 'SELECT',
              }),
            ).to.equal(REQUESTS);
            expect(
              sampleValue(text, 'db_client_operation_duration_seconds_count', {
                db_system_name: 'redis',
                db_operation_name: 'GET',
              }),
            ).to.equal(REQUESTS);
            expect(sampleValue(text, 'db_client_cache_lookups_total', { cache_result: 'miss' })).to.equal(REQUESTS);
            expect(promtoolCheck(this, text)).to.equal('');
          } finally {
            await app.stop();
          }
          expect(app.output).not.to.match(/\[nodeprom\].*(error|warn)/i);
        });
      }

      it("standard mode (the app's MeterProvider and PrometheusExporter): the same series under OpenTelemetry's exporter names, promtool clean", async function () {
        const metricsPort = await freePort();
        const app = await runApp(dir, ['standard.js'], { METRICS_PORT: String(metricsPort) });
        try {
          const text = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
          // OpenTelemetry's exporter appends no unit: http_server_request_duration, not ..._seconds.
          expect(
            sampleValue(text, 'http_server_request_duration_count', {
              http_route: '/users/:id',
              http_response_status_code: '200',
            }),
            text,
          ).to.equal(REQUESTS);
          expect(
            sampleValue(text, 'db_client_operation_duration_count', {
              db_system_name: 'postgresql',
              db_operation_name: 'SELECT',
            }),
          ).to.equal(REQUESTS);
          expect(
            sampleValue(text, 'db_client_operation_duration_count', {
              db_system_name: 'redis',
              db_operation_name: 'GET',
            }),
          ).to.equal(REQUESTS);
          const labelNames = new Set(parseExposition(text).samples.flatMap((sample) => Object.keys(sample.labels)));
          expect([...labelNames].filter((name) => name.startsWith('otel_scope'))).to.deep.equal([]);
          expect(promtoolCheck(this, text)).to.equal('');
        } finally {
          await app.stop();
        }
      });
    });
  }
});
