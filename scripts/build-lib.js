#!/usr/bin/env node
/**
 * npm run build:lib: compiles libs/auth/src (no specs or test helpers) to
 * libs/auth/dist with declarations, then copies the non-TypeScript assets
 * (templates, data files) to the same relative place, where the code finds
 * them through __dirname. Never touches the demo's dist/.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const lib = path.join(__dirname, '..', 'libs', 'auth');
const src = path.join(lib, 'src');
const dist = path.join(lib, 'dist');

/** Test material never ships, whatever its extension. */
function isTestMaterial(relative) {
  return /(^|\/)(__tests__|__fixtures__|fixtures)(\/|$)/.test(relative) || /\.(spec|e2e-spec|test)(\.|-)/.test(path.basename(relative));
}

function* assets(dir, base = '') {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = base ? `${base}/${entry.name}` : entry.name;
    if (isTestMaterial(relative)) continue;
    if (entry.isDirectory()) yield* assets(path.join(dir, entry.name), relative);
    else if (entry.isFile() && !entry.name.endsWith('.ts')) yield relative;
  }
}

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(lib, 'tsconfig.lib.json')], { stdio: 'inherit' });
let copied = 0;
for (const relative of assets(src)) {
  fs.mkdirSync(path.dirname(path.join(dist, relative)), { recursive: true });
  fs.copyFileSync(path.join(src, relative), path.join(dist, relative));
  copied++;
}
console.log(`built ${path.relative(process.cwd(), dist) || dist} (${copied} asset${copied === 1 ? '' : 's'} copied)`);
