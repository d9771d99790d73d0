// A Koa receiver for cloro deliveries (the README's Koa quick start).
//
//   CLORO_WEBHOOK_SECRET=whsec_... node examples/koa_app.js
'use strict'

// START koa
const Koa = require('koa')
const { Webhook, MemoryDedup } = require('hookproof')
const { verifyWebhook } = require('hookproof/koa')

const app = new Koa()
const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
const hook = verifyWebhook(cloro, { dedup: new MemoryDedup() })

app.use(async (ctx, next) => {
  if (ctx.method !== 'POST' || ctx.path !== '/hooks/cloro') return next()
  await hook(ctx, async () => {
    // ctx.state.webhook: the verified delivery; ctx.request.body: its parsed JSON
    ctx.body = { received: ctx.request.body.task.id }
  })
})
// END koa

module.exports = app
if (require.main === module) app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1')
