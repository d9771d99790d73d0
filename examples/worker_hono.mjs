// A Cloudflare Worker receiving cloro and Fileloom deliveries with Hono (the
// README's "Edge runtimes" section): `wrangler deploy` bundles it, and
// hookproof resolves to its WebAssembly build by the `workerd` condition.
// Secrets are Worker secrets (wrangler secret put CLORO_WEBHOOK_SECRET):
// they arrive with each request's env, so the receivers are made on the
// first request and kept for the isolate's life.

// START worker
import { Hono } from 'hono'
import { Webhook, MemoryDedup } from 'hookproof'
import { webhook } from 'hookproof/hono'

// Per isolate: a retry that reaches another isolate is not caught. Back the
// DedupStore interface (claim, complete, release) with a Durable Object to
// share it.
const dedup = new MemoryDedup()
let receivers

function receiver (env, scheme) {
  receivers ??= {
    cloro: webhook(new Webhook('cloro', env.CLORO_WEBHOOK_SECRET), { dedup }),
    fileloom: webhook(new Webhook('fileloom', env.FILELOOM_WEBHOOK_SECRET), { dedup })
  }
  return receivers[scheme]
}

const app = new Hono()

app.post('/hooks/:scheme{cloro|fileloom}', (c, next) => receiver(c.env, c.req.param('scheme'))(c, next), (c) => {
  const delivery = c.get('webhook') // verified, and claimed in dedup
  return c.json({ received: delivery.dedupKey, scheme: delivery.scheme })
})

export default app
// END worker
