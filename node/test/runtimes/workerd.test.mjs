// Cloudflare's own runtime (workerd, through miniflare): the package bundled
// as wrangler bundles it (bundle.mjs), so `hookproof` resolves to its
// WebAssembly build by the `workerd` condition and the .wasm arrives as a
// module workerd compiles. The shared vectors and the hostile set must give
// the outcomes every other runtime gives; the Hono receiver of the README
// (examples/worker_hono.mjs) must answer `hookproof send`'s deliveries over
// loopback HTTP.
import assert from 'node:assert/strict'
import test from 'node:test'
import { fileURLToPath } from 'node:url'
import { assertVectors, checkSource, serveWorkerd, vectorsEntry } from './bundle.mjs'
import { EXPECTED, SECRETS, send } from './deliveries.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

test('workerd: the shared vectors, secrets.json and the hostile set give every runtime\'s outcomes', async (t) => {
  const worker = await serveWorkerd(vectorsEntry())
  t.after(worker.close)
  await assertVectors(t, worker)
})

test('workerd: the Hono Worker answers genuine, tampered, stale and repeated deliveries from hookproof send', async (t) => {
  const worker = await serveWorkerd(`${ROOT}examples/worker_hono.mjs`, SECRETS)
  t.after(worker.close)
  checkSource(worker.wasm)
  assert.match(worker.url.hostname, /^(127\.0\.0\.1|localhost)$/)
  for (const [label, scheme, args, want] of EXPECTED) {
    const got = await send(scheme, new URL(`/hooks/${scheme}`, worker.url).href, ...args)
    assert.deepEqual(got.map((r) => [r.status, r.answer]), want, label)
  }
})
