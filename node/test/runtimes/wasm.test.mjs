// The shared vectors, secrets.json and the hostile set on the WebAssembly
// build in Deno (`deno test`) and Bun (`bun test`), loaded the way an app
// there loads it: Deno resolves `hookproof` by its `deno` export condition
// (and the module by wasm/load/deno.mjs, a source-phase import that needs
// no permission); Bun, which loads the native addon by default, asks for
// `hookproof/wasm` (wasm/load/node.mjs; or fetch.mjs under the `browser`
// condition).

import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import test from 'node:test'
import { runAll } from './suite.mjs'

const entry = globalThis.Deno ? 'hookproof' : 'hookproof/wasm'
// make test runs Bun twice: as is (node.mjs), and with --conditions=browser,
// as a bundler for browsers resolves (fetch.mjs: a fetch and a top-level await).
const LOADER = globalThis.Deno ? 'deno.mjs' : process.env.HOOKPROOF_LOADER || 'node.mjs'
const hookproof = await import(entry)
const dir = new URL('../../../tests/vectors/', import.meta.url)
const docs = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8'))]))

test(`${entry} resolves to the WebAssembly build here, loaded by ${LOADER}`, () => {
  assert.ok(globalThis.Deno || globalThis.Bun, 'run by deno test or bun test')
  assert.match(import.meta.resolve(entry), /\/wasm\/layer\.mjs$/)
  // The loader the package's `imports` field picks for this runtime's conditions.
  assert.ok(import.meta.resolve('#wasm').endsWith(`/wasm/load/${LOADER}`), import.meta.resolve('#wasm'))
})

for (const [name, doc] of Object.entries(docs)) {
  test(`${name}: ${doc.numberOfTests} cases`, () => {
    const { counts, failures } = runAll(hookproof, { [name]: doc })
    assert.deepEqual(failures, [])
    assert.deepEqual(counts[name], [doc.numberOfTests, doc.numberOfTests])
  })
}
