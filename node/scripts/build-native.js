#!/usr/bin/env node
// Builds the native addon from source with cargo and copies it to
// hookproof.node. Runs as the package's `install` script, so both `npm ci`
// here and `npm install ./node` from an app build it (the napi CLI is not
// used: npm does not install this package's own dependencies before running
// the install script of a linked folder, see DESIGN.md "Build notes").
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const here = path.resolve(__dirname, '..')
const manifest = path.join(here, '..', 'bindings', 'node', 'Cargo.toml')
const target = path.join(here, 'hookproof.node')

if (!fs.existsSync(manifest)) {
  // An installed copy without the Rust sources: keep a prebuilt addon.
  if (fs.existsSync(target)) process.exit(0)
  console.error(`hookproof: cannot build the native addon: ${manifest} is missing`)
  process.exit(1)
}

const cargo = process.env.CARGO || 'cargo'
const run = spawnSync(
  cargo,
  ['build', '--release', '--locked', '--features', 'node', '--manifest-path', manifest, '--message-format', 'json-render-diagnostics'],
  { cwd: here, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 }
)
if (run.error) {
  console.error(`hookproof: could not run ${cargo} (${run.error.message}); the addon is built from source and needs a Rust toolchain`)
  process.exit(1)
}
if (run.status !== 0) process.exit(run.status || 1)

// The compiler tells where it put the library; no guessing of target dirs.
let built = null
for (const line of run.stdout.split('\n')) {
  if (!line.startsWith('{')) continue
  const msg = JSON.parse(line)
  if (msg.reason === 'compiler-artifact' && msg.target && msg.target.name === 'hookproof_node') {
    built = msg.filenames.find((f) => /\.(so|dylib|dll)$/.test(f)) || built
  }
}
if (!built) {
  console.error('hookproof: cargo did not report the hookproof_node library')
  process.exit(1)
}
fs.copyFileSync(built, target)
