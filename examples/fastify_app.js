// A Fastify receiver for Fileloom deliveries (the README's Fastify quick start).
//
//   FILELOOM_WEBHOOK_SECRET=... node examples/fastify_app.js
'use strict'

// START fastify
const Fastify = require('fastify')
const { Webhook } = require('hookproof')
const { verifyWebhook } = require('hookproof/fastify')

const app = Fastify()
const fileloom = Webhook.fromEnv('fileloom', 'FILELOOM_WEBHOOK_SECRET')

app.post('/hooks/fileloom', verifyWebhook(fileloom), async (request) => {
  const event = request.webhook.json() // also request.body, parsed by Fastify
  return { event: request.webhook.event, file: event.data.fileId }
})
// END fastify

module.exports = app
if (require.main === module) {
  app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' })
}
