// Vercel's edge runtime (the `edge-runtime` package, the sandbox Vercel Edge
// Functions and Next.js edge routes run in): the package bundled as
// Next.js bundles an edge route (bundle.mjs: the `edge-light` condition,
// the .wasm as a `?module` import bound to a compiled module), so the
// shared vectors and the hostile set run on the WebAssembly build there
// and must give every other runtime's outcomes. The receiver over HTTP is
// next.test.js (a real Next.js edge route).
import assert from 'node:assert/strict'
import test from 'node:test'
import { checkSource, serveEdge, vectorDocs, vectorsEntry } from './bundle.mjs'

test('edge-runtime: the shared vectors, secrets.json and the hostile set give every runtime\'s outcomes', async (t) => {
  const edge = await serveEdge(vectorsEntry())
  t.after(edge.close)
  checkSource(edge.wasm)
  const docs = vectorDocs()
  const response = await fetch(edge.url, { method: 'POST', body: JSON.stringify(docs) })
  assert.equal(response.status, 200, await response.clone().text())
  const { counts, failures, hasBuffer } = await response.json()
  assert.deepEqual(failures, [])
  for (const [name, doc] of Object.entries(docs)) assert.deepEqual(counts[name], [doc.numberOfTests, doc.numberOfTests], name)
  assert.equal(hasBuffer, false, 'the edge runtime has no Buffer: the layer runs without it')
  t.diagnostic(`${Object.values(counts).reduce((n, [ran]) => n + ran, 0)} cases in ${Object.keys(counts).length} files`)
})
