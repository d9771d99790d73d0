// A Hono receiver for cloro deliveries, on Hono's Node server (the README's
// Hono quick start).
//
//   CLORO_WEBHOOK_SECRET=whsec_... node examples/hono_app.mjs

// START hono
import { Hono } from 'hono'
import { Webhook, MemoryDedup } from 'hookproof'
import { webhook } from 'hookproof/hono'

const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
export const app = new Hono()

app.post('/hooks/cloro', webhook(cloro, { dedup: new MemoryDedup() }), (c) => {
  const delivery = c.get('webhook') // the verified delivery
  return c.json({ received: delivery.json().task.id })
})
// END hono
