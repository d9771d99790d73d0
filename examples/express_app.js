// An Express receiver for cloro deliveries (the README's Express quick start).
//
//   CLORO_WEBHOOK_SECRET=whsec_... node examples/express_app.js
'use strict'

// START express
const express = require('express')
const { Webhook, MemoryDedup } = require('hookproof')
const { verifyWebhook } = require('hookproof/express')

const app = express()
const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')
const handled = new MemoryDedup() // one process; RedisDedup to share across instances

// Mount it before any body parser on this route: it reads the raw bytes itself.
app.post('/hooks/cloro', verifyWebhook(cloro, { dedup: handled }), (req, res) => {
  // req.webhook: the verified delivery; req.body: its parsed JSON
  res.json({ received: req.body.task.id, dedupKey: req.webhook.dedupKey })
})
// END express

module.exports = app
if (require.main === module) {
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
    console.log(`express receiver on http://127.0.0.1:${port}/hooks/cloro`)
  })
}
