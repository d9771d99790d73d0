'use strict'

// Hono middleware (any runtime Hono runs on where the native addon loads;
// the Node server here):
//
//   app.post('/hooks/cloro', webhook(wh), (c) => c.json({ id: c.get('webhook').id }))
//
// It reads c.req.raw (the Fetch Request) itself, at most maxBody bytes,
// verifies it, and sets c.get('webhook'). The answers, the settle rule and
// the URL of URL-signing senders are the core's (gate.js); options as for
// hookproof/express. A claim is settled by the response the handler made
// (an error Hono caught releases it).

const { Gate, statusOf } = require('./gate')
const { admit } = require('./fetch')

function webhook (wh, options = {}) {
  const gate = new Gate(wh, options)
  return async function hookproofWebhook (c, next) {
    const { response, delivery, claim, seen } = await admit(gate, c.req.raw, c)
    if (response) return response
    c.set('webhook', delivery)
    try {
      await next()
    } catch (err) {
      await gate.finish(claim, statusOf(err), seen)
      throw err
    }
    // An error Hono caught, or a handler that made no response, releases.
    await gate.finish(claim, c.error ? statusOf(c.error) : c.finalized ? c.res.status : null, seen)
  }
}

module.exports = { webhook }
