'use strict';
// Installs each folder under test-fixtures/versions/ from its own lockfile. They are separate
// installs, not workspaces, so that every copy of a library keeps its real package name in its
// path (express, not an npm alias), which is what require-time hooks match on; npm's workspaces
// do not install a workspace's nested node_modules reliably.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'test-fixtures', 'versions');
for (const name of fs.readdirSync(root).sort()) {
  const dir = path.join(root, name);
  if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
  const hasLock = fs.existsSync(path.join(dir, 'package-lock.json'));
  process.stdout.write(`test-fixtures/versions/${name}: npm ${hasLock ? 'ci' : 'install'}\n`);
  execFileSync('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
