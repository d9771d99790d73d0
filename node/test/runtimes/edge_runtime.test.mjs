// Vercel's edge runtime (the `edge-runtime` package, the sandbox Vercel Edge
// Functions and Next.js edge routes run in): the package bundled as
// Next.js bundles an edge route (bundle.mjs: the `edge-light` condition,
// the .wasm as a `?module` import bound to a compiled module), so the
// shared vectors and the hostile set run on the WebAssembly build there
// and must give every other runtime's outcomes. The receiver over HTTP is
// next.test.js (a real Next.js edge route).
import assert from 'node:assert/strict'
import test from 'node:test'
import { assertVectors, serveEdge, vectorsEntry } from './bundle.mjs'

test('edge-runtime: the shared vectors, secrets.json and the hostile set give every runtime\'s outcomes', async (t) => {
  const edge = await serveEdge(vectorsEntry())
  t.after(edge.close)
  await assertVectors(t, edge)
})
