#!/usr/bin/env node
// `npm run cli -- <command>`: the demo's manage.py, run as compiled JavaScript
// (dist/src/cli.js). Builds first (`nest build`, output on stderr) when dist is
// missing or older than the sources, so a do-nothing call stays fast.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return [join(root, 'src'), join(root, 'libs', 'auth', 'src')].some((dir) => newestSource(dir) > built);
}

/** One build at a time (test suites run in parallel): a lock directory, waited on. */
function buildOnce() {
  const lock = join(tmpdir(), `nest-django-auth-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held for 5 minutes; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!isStale()) return;
    const nest = join(root, 'node_modules', '.bin', 'nest');
    const result = spawnSync(nest, ['build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (result.status !== 0) process.exit(result.status ?? 1);
  } finally {
    rmdirSync(lock);
  }
}

if (isStale()) buildOnce();
require(entry);
