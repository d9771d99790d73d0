'use strict'

// The WebAssembly build (bindings/wasm) under Node: make test runs the
// shared vectors, the hostile set, the API, explain, dedup and
// hookproof/web suites again with `--import ./wasm/node.mjs`, which puts the
// build in the addon's place. This file checks what only that build has: that
// it is the one in use, that its clock and randomness come from the host
// (no OS on wasm32-unknown-unknown), and its size.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const WASM = globalThis[Symbol.for('hookproof.wasm')]
const skip = WASM ? false : 'the WebAssembly build is not loaded (make test runs this file with --import ./wasm/node.mjs)'

/** The gzipped size budget of the module with every preset: today's 155 KiB and little room (docs/performance.md). */
const BUDGET_GZ = 160 * 1024

test('the package runs on the WebAssembly build, not the addon', { skip }, () => {
  assert.equal(require('../native'), WASM)
  const { version } = require('..')
  assert.equal(WASM.version(), version)
})

test('sign draws its ids from crypto.getRandomValues and verify reads the clock from Date.now', { skip }, () => {
  const { Webhook } = require('..')
  const wh = new Webhook('standard', 'whsec_' + Buffer.from('k'.repeat(32)).toString('base64'))
  const a = wh.sign('{"type":"ping"}')
  const b = wh.sign('{"type":"ping"}')
  assert.notEqual(a['webhook-id'], b['webhook-id'])
  // Signed now, verified now with the window on: the module's clock is the host's.
  const delivery = wh.verify('{"type":"ping"}', a)
  assert.ok(Math.abs(delivery.timestamp - Date.now() / 1000) < 60)
})

test('the module with every preset stays within its size budget', { skip }, (t) => {
  const dir = path.join(__dirname, '..', 'wasm')
  const wasm = fs.readFileSync(path.join(dir, 'hookproof_wasm_bg.wasm'))
  const glue = fs.readFileSync(path.join(dir, 'hookproof_wasm.js'))
  const gz = (b) => zlib.gzipSync(b, { level: 9 }).length
  t.diagnostic(`wasm ${wasm.length} B (${gz(wasm)} B gzipped); glue ${glue.length} B (${gz(glue)} B gzipped)`)
  assert.ok(gz(wasm) <= BUDGET_GZ, `the module is ${gz(wasm)} B gzipped, over ${BUDGET_GZ}`)
})
