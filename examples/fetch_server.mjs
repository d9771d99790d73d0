// One Fetch handler served by Deno (on hookproof's WebAssembly build: the
// `deno` export condition) or Bun (on the native addon), receiving cloro and
// Fileloom deliveries (the README's "Edge runtimes" section; the same
// handler shape as a Supabase or Deno Deploy function).
//
//   deno run --allow-net --allow-env examples/fetch_server.mjs
//   bun examples/fetch_server.mjs

// START fetch-server
import { Webhook, MemoryDedup } from 'hookproof'
import { withWebhook } from 'hookproof/web'

const dedup = new MemoryDedup()
const reply = (request, delivery) => Response.json({ received: delivery.dedupKey, scheme: delivery.scheme })
const receivers = {
  '/hooks/cloro': withWebhook(Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET'), reply, { dedup }),
  '/hooks/fileloom': withWebhook(Webhook.fromEnv('fileloom', 'FILELOOM_WEBHOOK_SECRET'), reply, { dedup })
}

function handle (request) {
  const receiver = receivers[new URL(request.url).pathname]
  return receiver ? receiver(request) : Response.json({ error: 'not_found' }, { status: 404 })
}

const port = Number(globalThis.process?.env.PORT ?? 8000)
if (globalThis.Deno) Deno.serve({ port, hostname: '127.0.0.1' }, handle)
else Bun.serve({ port, hostname: '127.0.0.1', fetch: handle })
// END fetch-server
