#!/usr/bin/env node
/**
 * npm run pack:lib: builds the library and packs it into .pack/. Prints the
 * tarball's size and file count, then its absolute path as the LAST line
 * (tools rely on that).
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'libs', 'auth');
const destination = path.join(root, '.pack');

execFileSync(process.execPath, [path.join(__dirname, 'build-lib.js')], { stdio: 'inherit' });
fs.mkdirSync(destination, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const output = execFileSync(npm, ['pack', '--json', '--pack-destination', destination], { cwd: lib, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const [packed] = JSON.parse(output.slice(output.indexOf('[')));
const tarball = path.join(destination, packed.filename);
console.log(`${packed.name}@${packed.version}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);
console.log(tarball);
