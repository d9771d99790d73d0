'use strict'

// The WebAssembly build (bindings/wasm) under Node: make test runs the
// shared vectors, the hostile set, the API, explain, dedup and
// hookproof/web suites again with `--import ./test/wasm_preload.mjs`, which puts the
// build in the addon's place. This file checks what only that build has: that
// it is the one in use, that its clock and randomness come from the host
// (no OS on wasm32-unknown-unknown), and its size.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const WASM = globalThis[Symbol.for('hookproof.wasm')]
const skip = WASM ? false : 'the WebAssembly build is not loaded (make test runs this file with --import ./test/wasm_preload.mjs)'

/**
 * The gzipped size budget of the module with every preset: 213.8 KB with 39
 * presets and ECDSA P-256, 221.2 KB with 43, 273.9 KB with RSA (SNS's
 * certificates, Pub/Sub's tokens) and 45, 285.2 KiB with Event Grid's
 * Entra tokens and Plaid's ES256 ones, 47; 289.7 KiB with PayPal's
 * certificates, 48; 309.4 KiB with RSA private keys that sign
 * (docs/performance.md).
 */
const BUDGET_GZ = 320 * 1024

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
  const glue = fs.readFileSync(path.join(dir, 'hookproof_wasm.mjs'))
  const gz = (b) => zlib.gzipSync(b, { level: 9 }).length
  t.diagnostic(`wasm ${wasm.length} B (${gz(wasm)} B gzipped); glue ${glue.length} B (${gz(glue)} B gzipped)`)
  assert.ok(gz(wasm) <= BUDGET_GZ, `the module is ${gz(wasm)} B gzipped, over ${BUDGET_GZ}`)
})

// The package's own WebAssembly entry (wasm/layer.mjs, what the edge
// conditions and `hookproof/wasm` resolve to), with or without the preload.
const BUILT = fs.existsSync(path.join(__dirname, '..', 'wasm', 'layer.mjs')) ? false : 'wasm/layer.mjs is not built (make wasm)'

test('hookproof/wasm is the whole API on the WebAssembly build, and verifies what the CommonJS layer signs', { skip: BUILT }, async () => {
  const edge = await import('hookproof/wasm')
  const node = require('..')
  for (const name of Object.keys(node)) assert.ok(name in edge, `hookproof/wasm lacks ${name}`)
  for (const name of ['verifyRequest', 'withWebhook', 'webhook']) assert.equal(typeof edge[name], 'function', name)
  assert.deepEqual(edge.schemes(), node.schemes())
  const secret = 'whsec_' + Buffer.from('e'.repeat(32)).toString('base64')
  const body = '{"type":"invoice.paid"}'
  const headers = new node.Webhook('standard', secret).sign(body, { id: 'msg_1' })
  const delivery = new edge.Webhook('standard', secret).verify(body, headers)
  assert.equal(delivery.id, 'msg_1')
  const response = await edge.withWebhook(new edge.Webhook('standard', secret), async (_, d) => Response.json({ id: d.id }))(
    new Request('http://localhost/hooks', { method: 'POST', body, headers }))
  assert.deepEqual([response.status, await response.json()], [200, { id: 'msg_1' }])
})

test('a Webhook of one build handed to an integration of the other is refused with the reason', { skip: BUILT || (WASM && 'with the preload, the CommonJS layer runs on WebAssembly too') }, async () => {
  const edge = await import('hookproof/wasm')
  const { verifyWebhook } = require('../express')
  const wh = new edge.Webhook('cloro', 'whsec_' + 'c'.repeat(32))
  assert.throws(() => verifyWebhook(wh), { name: 'TypeError', message: /from hookproof's WebAssembly build and this integration from its native addon build/ })
})

test('the bundled layer loads nothing from Node but behind a fallback', { skip: BUILT }, () => {
  const layer = fs.readFileSync(path.join(__dirname, '..', 'wasm', 'layer.mjs'), 'utf8')
  // Static imports: only the glue, as the runtime's loader instantiated it
  // (workerd and edge-runtime refuse node: modules).
  assert.deepEqual(layer.match(/^import .*$/gm), ['import * as glue from "#wasm";'])
  // Requires left in: OpenTelemetry (optional) and Node 18's webcrypto, each inside a fallback.
  assert.deepEqual([...layer.matchAll(/__require\("([^"]+)"\)/g)].map((m) => m[1]).sort(), ['@opentelemetry/api', 'node:crypto'])
})
