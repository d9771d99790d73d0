// A Next.js edge route receiving cloro and Fileloom deliveries (the README's
// "Edge runtimes" section quotes it; node/test/next.test.js builds it with
// `next build` and sends it `hookproof send`'s deliveries). On the edge
// runtime, `hookproof` resolves to its WebAssembly build by the `edge-light`
// condition, and Next.js bundles the .wasm as a compiled module.

// START next-edge
import { Webhook, MemoryDedup } from 'hookproof'
import { withWebhook } from 'hookproof/web'

export const runtime = 'edge'

// Per edge instance; back the DedupStore interface with your KV store to share it.
const dedup = new MemoryDedup()
const receivers = {}

function receiver (scheme) {
  const env = { cloro: 'CLORO_WEBHOOK_SECRET', fileloom: 'FILELOOM_WEBHOOK_SECRET' }[scheme]
  if (!env) return null
  receivers[scheme] ??= withWebhook(Webhook.fromEnv(scheme, env), async (request, delivery) => {
    return Response.json({ received: delivery.dedupKey, scheme: delivery.scheme })
  }, { dedup })
  return receivers[scheme]
}

export async function POST (request, { params }) {
  const handle = receiver((await params).scheme)
  return handle ? handle(request) : Response.json({ error: 'unknown_scheme' }, { status: 404 })
}
// END next-edge
