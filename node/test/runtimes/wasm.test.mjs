// The shared vectors and the hostile set through the WebAssembly build in
// Deno (`deno test`) and Bun (`bun test`), as make test runs them: the
// build is registered first (../../wasm/node.mjs, which both runtimes' Node
// compatibility runs), then the same suites Node runs, unchanged.

import '../../wasm/node.mjs'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import test from 'node:test'

const require = createRequire(import.meta.url)

test('the package runs on the WebAssembly build here', () => {
  assert.equal(require('../../native.js'), globalThis[Symbol.for('hookproof.wasm')])
  assert.ok(globalThis.Deno || globalThis.Bun, 'run by deno test or bun test')
})

require('../vectors.test.js')
require('../hostile.test.js')
